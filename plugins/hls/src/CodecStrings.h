#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sockstream/media/MediaTypes.h"

namespace sockstream::hls {

/// RFC 6381 codec strings for EXT-X-STREAM-INF CODECS, read from the decoder
/// configuration records the encoder sent (untrusted: every read is bounded).
class CodecStrings {
public:
    /// nullopt when the record is missing or malformed.
    static std::optional<std::string> forTrack(Codec codec, std::string_view config);
    /// "avc1.64001f,mp4a.40.2" for the tracks that have a known string.
    static std::string join(const std::vector<TrackInfo>& tracks);
};

}  // namespace sockstream::hls
