#pragma once

#include <string>
#include <string_view>

#include "sockstream/media/MediaTypes.h"

namespace sockstream::rtmp {

/// The body of an RTMP audio message (an FLV AUDIODATA tag): AAC or MP3.
struct FlvAudioTag {
    enum class Kind {
        SequenceStart,  ///< `data` is the AAC AudioSpecificConfig
        Frame,          ///< `data` is one raw frame
        Ignored,
    };
    Kind kind = Kind::Ignored;
    Codec codec = Codec::Unknown;
    std::string data;
    int sampleRate = 0;
    int channels = 0;
    std::string ignoredReason;

    /// Throws RtmpError for a malformed tag (truncated, bad AudioSpecificConfig).
    static FlvAudioTag parse(std::string_view payload);
};

}  // namespace sockstream::rtmp
