#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sockstream::codec {

/// An H.265 HEVCDecoderConfigurationRecord (hvcC, ISO/IEC 14496-15 8.3.3.1),
/// as the MP4 hvcC box and Enhanced RTMP's sequence header carry it.
struct HevcDecoderConfig {
    /// Larger records are refused: real ones are a few hundred bytes.
    static constexpr std::size_t kMaxRecordBytes = 64 * 1024;
    /// NAL units one record may carry, over all arrays (VPS, SPS, PPS, SEI).
    static constexpr std::size_t kMaxNalUnits = 64;

    /// One array of the record: NAL units of one type (32 VPS, 33 SPS, 34 PPS, 39/40 SEI).
    struct NalArray {
        bool complete = false;  ///< array_completeness: every unit of this type is here, none in-band
        std::uint8_t type = 0;  ///< NAL_unit_type, 6 bits
        std::vector<std::string> units;
    };

    std::uint8_t profileSpace = 0;            ///< general_profile_space, 2 bits (0: none, 1-3: A-C)
    bool highTier = false;                    ///< general_tier_flag
    std::uint8_t profile = 0;                 ///< general_profile_idc, 5 bits (1 Main, 2 Main 10)
    std::uint32_t compatibilityFlags = 0;     ///< general_profile_compatibility_flags
    std::uint64_t constraintFlags = 0;        ///< general_constraint_indicator_flags, 48 bits
    std::uint8_t level = 0;                   ///< general_level_idc (30 × the level: 93 is 3.1)
    std::uint16_t minSpatialSegmentation = 0; ///< 12 bits
    std::uint8_t parallelismType = 0;         ///< 2 bits
    std::uint8_t chromaFormat = 1;            ///< chroma_format_idc, 2 bits (1: 4:2:0)
    std::uint8_t bitDepthLuma = 8;            ///< 8-15
    std::uint8_t bitDepthChroma = 8;          ///< 8-15
    std::uint16_t averageFrameRate = 0;       ///< frames per 256 s; 0: unspecified
    std::uint8_t constantFrameRate = 0;       ///< 2 bits
    std::uint8_t temporalLayers = 0;          ///< numTemporalLayers, 3 bits
    bool temporalIdNested = false;
    int nalLengthSize = 4;                    ///< bytes of each NAL unit's length prefix: 1, 2 or 4
    std::vector<NalArray> arrays;

    /// Throws RecordError when the record is over the limit, truncated, has
    /// another version, a length size of 3, a NAL unit that does not fit or is
    /// empty, or more NAL units than kMaxNalUnits. Reserved bits are not checked
    /// (encoders get them wrong and nothing depends on them); bytes after the
    /// last array are allowed, as later editions may add fields.
    static HevcDecoderConfig parse(std::string_view record);

    /// The record's bytes (reserved bits set as the standard says); parse(write()) gives this back.
    std::string write() const;

    /// The units of NAL type `type` (32 VPS, 33 SPS, 34 PPS), over all arrays of that type.
    std::vector<std::string> unitsOfType(std::uint8_t type) const;

    /// RFC 6381 / ISO/IEC 14496-15 Annex E codec string, e.g. "hvc1.1.6.L93.B0":
    /// sample entry, profile space letter and profile, the compatibility flags
    /// in reverse bit order as hex, tier letter and level, then the constraint
    /// bytes in hex without trailing zero bytes. `sampleEntry` is "hvc1"
    /// (parameter sets only in the record) or "hev1" (also in-band).
    std::string codecString(std::string_view sampleEntry = "hvc1") const;
};

}  // namespace sockstream::codec
