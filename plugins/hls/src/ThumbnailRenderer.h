#pragma once

#include <string>

#include "sockstream/media/MediaTypes.h"

namespace sockstream::hls {

/// Decodes one keyframe (libavcodec), scales it (libswscale) and encodes a
/// JPEG (libavcodec mjpeg). CPU-bound: call it off the I/O threads.
class ThumbnailRenderer {
public:
    /// Throws std::runtime_error when the keyframe cannot be decoded.
    static std::string render(const TrackInfo& track, const std::string& keyframe, int maxWidth = 320);
};

}  // namespace sockstream::hls
