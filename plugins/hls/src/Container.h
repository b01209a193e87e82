#pragma once

namespace sockstream::hls {

/// MPEG-TS for classic HLS of H.264/AAC; fMP4 (CMAF) for LL-HLS parts, HEVC and AV1.
enum class Container { MpegTs, Fmp4 };

}  // namespace sockstream::hls
