#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sockstream/media/MediaTypes.h"

namespace sockstream::rtmp {

/// The body of an RTMP video message (an FLV VIDEODATA tag), classic H.264 or
/// Enhanced RTMP (ExVideoHeader with FourCC hvc1/av01/avc1).
struct FlvVideoTag {
    enum class Kind {
        SequenceStart,  ///< `data` is the decoder configuration record (avcC/hvcC/av1C)
        CodedFrame,     ///< `data` is length-prefixed NAL units or AV1 OBUs
        SequenceEnd,
        Ignored,        ///< command frames, metadata packets, codecs we do not carry
    };
    Kind kind = Kind::Ignored;
    Codec codec = Codec::Unknown;
    bool keyframe = false;
    std::int32_t compositionTime = 0;  ///< ms, pts - dts
    std::string data;
    std::string ignoredReason;

    /// Throws RtmpError for a malformed tag (truncated, bad configuration
    /// record, NAL unit lengths that do not add up to the payload).
    static FlvVideoTag parse(std::string_view payload);
};

}  // namespace sockstream::rtmp
