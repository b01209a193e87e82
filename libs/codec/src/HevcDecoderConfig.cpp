#include "sockstream/codec/HevcDecoderConfig.h"

#include <cstdio>

#include "RecordReader.h"
#include "sockstream/codec/RecordError.h"

namespace sockstream::codec {

namespace {
constexpr const char* kRecord = "HEVC decoder configuration record";
constexpr std::size_t kFixedBytes = 23;  // everything before the first array
}  // namespace

HevcDecoderConfig HevcDecoderConfig::parse(std::string_view record) {
    detail::checkRecordSize(record, kMaxRecordBytes, kRecord);
    if (record.size() < kFixedBytes) throw RecordError(std::string(kRecord) + " too short");
    detail::RecordReader reader(record, kRecord);
    if (reader.u8("version") != 1) throw RecordError(std::string(kRecord) + " version is not 1");
    HevcDecoderConfig config;
    const std::uint8_t profileByte = reader.u8("profile");
    config.profileSpace = profileByte >> 6;
    config.highTier = (profileByte >> 5) & 1;
    config.profile = profileByte & 0x1F;
    config.compatibilityFlags = static_cast<std::uint32_t>(reader.bigEndian(4, "compatibility flags"));
    config.constraintFlags = reader.bigEndian(6, "constraint flags");
    config.level = reader.u8("level");
    config.minSpatialSegmentation = static_cast<std::uint16_t>(reader.bigEndian(2, "segmentation") & 0x0FFF);
    config.parallelismType = reader.u8("parallelism") & 0x03;
    config.chromaFormat = reader.u8("chroma format") & 0x03;
    config.bitDepthLuma = static_cast<std::uint8_t>((reader.u8("luma bit depth") & 0x07) + 8);
    config.bitDepthChroma = static_cast<std::uint8_t>((reader.u8("chroma bit depth") & 0x07) + 8);
    config.averageFrameRate = static_cast<std::uint16_t>(reader.bigEndian(2, "frame rate"));
    const std::uint8_t layout = reader.u8("length size");
    config.constantFrameRate = layout >> 6;
    config.temporalLayers = (layout >> 3) & 0x07;
    config.temporalIdNested = (layout >> 2) & 1;
    config.nalLengthSize = (layout & 0x03) + 1;
    if (config.nalLengthSize == 3) throw RecordError(std::string(kRecord) + " with 3-byte NAL unit lengths");

    const std::uint8_t arrayCount = reader.u8("array count");
    std::size_t unitCount = 0;
    for (std::uint8_t i = 0; i < arrayCount; ++i) {
        NalArray array;
        const std::uint8_t header = reader.u8("array header");
        array.complete = header >> 7;
        array.type = header & 0x3F;
        const auto count = static_cast<std::size_t>(reader.bigEndian(2, "NAL unit count"));
        // Checked before the loop: a count of 65535 costs nothing to refuse.
        if (unitCount + count > kMaxNalUnits)
            throw RecordError(std::string(kRecord) + " has more than " + std::to_string(kMaxNalUnits) + " NAL units");
        unitCount += count;
        for (std::size_t u = 0; u < count; ++u) {
            const auto length = static_cast<std::size_t>(reader.bigEndian(2, "NAL unit length"));
            if (length == 0) throw RecordError(std::string(kRecord) + " has an empty NAL unit");
            array.units.emplace_back(reader.take(length, "NAL unit"));
        }
        config.arrays.push_back(std::move(array));
    }
    return config;
}

std::string HevcDecoderConfig::write() const {
    std::string out;
    out.push_back(1);
    out.push_back(static_cast<char>(((profileSpace & 0x03) << 6) | (highTier ? 0x20 : 0) | (profile & 0x1F)));
    detail::putBigEndian(out, compatibilityFlags, 4);
    detail::putBigEndian(out, constraintFlags & 0xFFFFFFFFFFFFull, 6);
    out.push_back(static_cast<char>(level));
    detail::putBigEndian(out, 0xF000u | (minSpatialSegmentation & 0x0FFFu), 2);
    out.push_back(static_cast<char>(0xFC | (parallelismType & 0x03)));
    out.push_back(static_cast<char>(0xFC | (chromaFormat & 0x03)));
    out.push_back(static_cast<char>(0xF8 | ((bitDepthLuma - 8) & 0x07)));
    out.push_back(static_cast<char>(0xF8 | ((bitDepthChroma - 8) & 0x07)));
    detail::putBigEndian(out, averageFrameRate, 2);
    const int lengthBits = nalLengthSize == 1 ? 0 : nalLengthSize == 2 ? 1 : 3;
    out.push_back(static_cast<char>(((constantFrameRate & 0x03) << 6) | ((temporalLayers & 0x07) << 3) |
                                    (temporalIdNested ? 0x04 : 0) | lengthBits));
    out.push_back(static_cast<char>(arrays.size()));
    for (const NalArray& array : arrays) {
        out.push_back(static_cast<char>((array.complete ? 0x80 : 0) | (array.type & 0x3F)));
        detail::putBigEndian(out, array.units.size(), 2);
        for (const std::string& unit : array.units) {
            detail::putBigEndian(out, unit.size(), 2);
            out += unit;
        }
    }
    return out;
}

std::vector<std::string> HevcDecoderConfig::unitsOfType(std::uint8_t type) const {
    std::vector<std::string> units;
    for (const NalArray& array : arrays)
        if (array.type == type) units.insert(units.end(), array.units.begin(), array.units.end());
    return units;
}

std::string HevcDecoderConfig::codecString(std::string_view sampleEntry) const {
    std::string text(sampleEntry);
    text += '.';
    if (profileSpace > 0) text += static_cast<char>('A' + profileSpace - 1);
    text += std::to_string(profile);
    // The 32 compatibility flags in reverse bit order (flag 0 becomes the lowest bit), as hex without leading zeros.
    std::uint32_t reversed = 0;
    for (int bit = 0; bit < 32; ++bit)
        if (compatibilityFlags & (1u << bit)) reversed |= 1u << (31 - bit);
    char hex[16];
    std::snprintf(hex, sizeof hex, ".%X", reversed);
    text += hex;
    text += highTier ? ".H" : ".L";
    text += std::to_string(level);
    // Each constraint byte as hex, up to the last non-zero one.
    int lastNonZero = -1;
    for (int i = 0; i < 6; ++i)
        if ((constraintFlags >> (8 * (5 - i))) & 0xFF) lastNonZero = i;
    for (int i = 0; i <= lastNonZero; ++i) {
        std::snprintf(hex, sizeof hex, ".%X", static_cast<unsigned>((constraintFlags >> (8 * (5 - i))) & 0xFF));
        text += hex;
    }
    return text;
}

}  // namespace sockstream::codec
