#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockstream::codec {

/// An AV1CodecConfigurationRecord (av1C, "AV1 Codec ISO Media File Format
/// Binding" 2.3.3), as the MP4 av1C box and Enhanced RTMP's sequence header
/// carry it: four bytes of stream properties, then configOBUs (the sequence
/// header OBU and metadata OBUs).
struct Av1CodecConfig {
    /// Larger records are refused: a sequence header is tens of bytes.
    static constexpr std::size_t kMaxRecordBytes = 64 * 1024;
    /// OBUs configOBUs may hold.
    static constexpr std::size_t kMaxObus = 16;

    /// OBU types configOBUs may contain (the binding allows no others).
    static constexpr std::uint8_t kObuSequenceHeader = 1;
    static constexpr std::uint8_t kObuMetadata = 5;

    std::uint8_t profile = 0;              ///< seq_profile, 3 bits (0 Main, 1 High, 2 Professional)
    std::uint8_t level = 0;                ///< seq_level_idx_0, 5 bits (8 is level 4.0)
    bool highTier = false;                 ///< seq_tier_0
    bool highBitDepth = false;
    bool twelveBit = false;
    bool monochrome = false;
    bool chromaSubsamplingX = true;
    bool chromaSubsamplingY = true;
    std::uint8_t chromaSamplePosition = 0; ///< 2 bits
    /// initial_presentation_delay_minus_one + 1, when present.
    std::optional<std::uint8_t> initialPresentationDelay;
    /// The OBUs of configOBUs, whole (header, size field, payload), in order.
    std::vector<std::string> configObus;

    /// Throws RecordError when the record is over the limit, truncated, lacks
    /// the marker bit, has another version, or configOBUs is not a run of
    /// well-formed OBUs (size fields present, sizes that fit, at most
    /// kMaxObus, only sequence header and metadata OBUs, one sequence header at most).
    static Av1CodecConfig parse(std::string_view record);

    /// The record's bytes; parse(write()) gives this back.
    std::string write() const;

    /// 8, 10 or 12.
    int bitDepth() const { return highBitDepth ? (profile == 2 && twelveBit ? 12 : 10) : 8; }
    /// The sequence header OBU, if configOBUs holds one.
    std::optional<std::string> sequenceHeaderObu() const;

    /// The AV1 codecs parameter string, short form: "av01.<profile>.<level><tier>.<bit depth>",
    /// e.g. "av01.0.08M.08".
    std::string codecString() const;
};

}  // namespace sockstream::codec
