#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sockstream::codec {

/// An H.264 AVCDecoderConfigurationRecord (avcC, ISO/IEC 14496-15 5.3.3), as
/// FLV's sequence header and MP4's avcC box carry it.
struct AvcDecoderConfig {
    /// Larger records are refused: real ones are a few hundred bytes.
    static constexpr std::size_t kMaxRecordBytes = 64 * 1024;

    std::uint8_t profile = 0;        ///< AVCProfileIndication
    std::uint8_t compatibility = 0;  ///< profile_compatibility
    std::uint8_t level = 0;          ///< AVCLevelIndication
    int nalLengthSize = 4;           ///< bytes of each NAL unit's length prefix: 1, 2 or 4
    std::vector<std::string> sequenceParameterSets;
    std::vector<std::string> pictureParameterSets;

    /// Throws RecordError when the record is truncated, has another version,
    /// a length size of 3, a parameter set that does not fit, or is over the limit.
    /// Bytes after the picture parameter sets (the High profile extension) are allowed.
    static AvcDecoderConfig parse(std::string_view record);

    /// RFC 6381 codec string, e.g. "avc1.64001F".
    std::string codecString() const;
};

}  // namespace sockstream::codec
