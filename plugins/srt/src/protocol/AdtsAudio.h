#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sockstream::srt {

/// One AAC frame of an ADTS stream (ISO/IEC 13818-7), header removed.
struct AdtsFrame {
    std::string_view payload;  ///< raw AAC frame, a view into the input
    int sampleRate = 0;
    int channels = 0;
    /// The AudioSpecificConfig (2 bytes) this header describes.
    std::string audioSpecificConfig;
};

/// The ADTS frames of one PES payload, in order. Throws std::invalid_argument
/// when a frame has no syncword, a reserved sample-rate index, a frame length
/// shorter than its header or longer than what is left, or more than one raw
/// data block (encoders do not send those).
std::vector<AdtsFrame> splitAdts(std::string_view data);

}  // namespace sockstream::srt
