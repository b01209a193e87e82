#pragma once

#include <string>
#include <string_view>

#include "sockstream/media/MediaTypes.h"

namespace sockstream::recordings {

/// A recording's poster: one keyframe decoded (H.264, HEVC, AV1), scaled to
/// at most `maxWidth` pixels wide with libswscale and written as a JPEG.
/// Throws std::runtime_error when the frame cannot be decoded or encoded.
std::string posterJpeg(const TrackInfo& video, std::string_view keyframe, int maxWidth);

}  // namespace sockstream::recordings
