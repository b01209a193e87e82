#pragma once

#include <optional>

#include "SdpOffer.h"

namespace sockstream::webrtc {

/// Picks the offered H.264 payload type we can send: packetization-mode=1
/// (FU-A needs it). Prefers the stream's own profile_idc (0x64 High, 0x4d Main,
/// 0x42 Baseline); else Constrained Baseline 42e0xx, which every browser
/// decodes and whose decoders in practice accept any profile; else any mode-1
/// H.264. nullptr when the section offers none.
const SdpCodec* chooseH264(const SdpMedia& media, std::optional<int> streamProfileIdc);

/// The offered VP8/90000 payload type, or nullptr. WHIP takes it only when
/// the section offers no usable H.264 (a browser that encodes nothing else):
/// the server then transcodes it to H.264 for HLS (media/Vp8ToH264).
const SdpCodec* chooseVp8(const SdpMedia& media);

/// What a WHIP publisher's video section is received as: H.264 when offered
/// (no transcoding), else VP8, else nullptr (VP9-only and AV1-only offers).
const SdpCodec* chooseWhipVideo(const SdpMedia& media);

/// The offered opus/48000/2 payload type, or nullptr.
const SdpCodec* chooseOpus(const SdpMedia& media);

}  // namespace sockstream::webrtc
