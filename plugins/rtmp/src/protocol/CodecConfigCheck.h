#pragma once

#include <string_view>

#include "sockstream/media/MediaTypes.h"

namespace sockstream::rtmp {

/// Structural checks on what encoders send, so packagers get well-formed data.
namespace CodecConfigCheck {
/// avcC / hvcC / av1C: version, minimum size, 4-byte NAL lengths. Throws RtmpError.
void checkDecoderConfig(Codec codec, std::string_view record);
/// 4-byte length-prefixed NAL units that exactly fill `data`. Throws RtmpError.
void checkLengthPrefixedUnits(std::string_view data);
}  // namespace CodecConfigCheck

}  // namespace sockstream::rtmp
