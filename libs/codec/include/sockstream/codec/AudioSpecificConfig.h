#pragma once

#include <string>
#include <string_view>

namespace sockstream::codec {

/// The fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1)
/// that ingests and packagers need.
struct AudioSpecificConfig {
    int objectType = 0;  ///< 2 for AAC-LC; escaped values (31) are read as 32 + 6 bits
    int sampleRate = 0;  ///< Hz
    int channels = 0;    ///< channelConfiguration (0: defined in the stream)

    /// Throws RecordError when it is truncated, has object type 0, a reserved
    /// sample rate index or a sample rate of 0.
    static AudioSpecificConfig parse(std::string_view bytes);

    /// RFC 6381 codec string, e.g. "mp4a.40.2".
    std::string codecString() const;
};

}  // namespace sockstream::codec
