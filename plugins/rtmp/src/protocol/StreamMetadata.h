#pragma once

#include <string>

#include "Amf0Value.h"
#include "sockstream/media/MediaTypes.h"

namespace sockstream::rtmp {

/// What an encoder announces in onMetaData (all optional).
struct StreamMetadata {
    bool hasVideo = false;
    bool hasAudio = false;
    Codec videoCodec = Codec::Unknown;
    Codec audioCodec = Codec::Unknown;
    int width = 0;
    int height = 0;
    double frameRate = 0;
    int videoBitrateKbps = 0;
    int audioBitrateKbps = 0;
    int sampleRate = 0;
    int channels = 0;
    std::string encoder;

    /// Reads an onMetaData object or ECMA array; unknown fields are ignored.
    static StreamMetadata fromAmf(const Amf0Value& value);
};

}  // namespace sockstream::rtmp
