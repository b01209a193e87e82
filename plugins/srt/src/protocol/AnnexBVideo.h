#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sockstream::srt {

/// One H.264 access unit as MPEG-TS carries it (Annex B: start codes), turned
/// into what the media bus carries (4-byte length prefixes, avcC record).
struct AvcAccessUnit {
    /// Length-prefixed NAL units; access unit delimiters and parameter sets are
    /// left out (they travel in `decoderConfig`).
    std::string payload;
    bool keyframe = false;  ///< holds an IDR slice
    /// An avcC record built from the SPS and PPS in this access unit, when it has both.
    std::optional<std::string> decoderConfig;
};

/// Splits an Annex B access unit. Throws std::invalid_argument on input that is
/// not Annex B (no start code first), a NAL unit over `maxNalBytes`, or
/// parameter sets too short to build a record from.
AvcAccessUnit convertAnnexB(std::string_view annexB, std::size_t maxNalBytes = 8u << 20);

}  // namespace sockstream::srt
