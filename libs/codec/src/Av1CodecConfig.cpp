#include "sockstream/codec/Av1CodecConfig.h"

#include <cstdio>

#include "RecordReader.h"
#include "sockstream/codec/RecordError.h"

namespace sockstream::codec {

namespace {

constexpr const char* kRecord = "AV1 codec configuration record";

[[noreturn]] void refuse(const std::string& what) { throw RecordError(std::string(kRecord) + " " + what); }

std::uint8_t obuType(const std::string& obu) { return (static_cast<std::uint8_t>(obu[0]) >> 3) & 0x0F; }

/// Splits configOBUs into whole OBUs. Each needs obu_has_size_field: the
/// binding requires it, and without it an OBU's end cannot be found.
std::vector<std::string> splitObus(std::string_view bytes) {
    std::vector<std::string> obus;
    detail::RecordReader reader(bytes, kRecord);
    bool sequenceHeader = false;
    while (reader.remaining() > 0) {
        if (obus.size() == Av1CodecConfig::kMaxObus)
            refuse("has more than " + std::to_string(Av1CodecConfig::kMaxObus) + " configuration OBUs");
        const std::size_t start = bytes.size() - reader.remaining();
        const std::uint8_t header = reader.u8("OBU header");
        if (header & 0x80) refuse("has an OBU with the forbidden bit set");
        const std::uint8_t type = (header >> 3) & 0x0F;
        if (type != Av1CodecConfig::kObuSequenceHeader && type != Av1CodecConfig::kObuMetadata)
            refuse("has an OBU of type " + std::to_string(type) + " (only sequence header and metadata OBUs belong there)");
        if (type == Av1CodecConfig::kObuSequenceHeader) {
            if (sequenceHeader) refuse("has two sequence header OBUs");
            sequenceHeader = true;
        }
        if (header & 0x04) reader.u8("OBU extension header");
        if (!(header & 0x02)) refuse("has an OBU without a size field");
        // leb128: at most 8 bytes, and a value that must fit what is left.
        std::uint64_t size = 0;
        for (int i = 0;; ++i) {
            if (i == 8) refuse("has an OBU size longer than 8 bytes");
            const std::uint8_t byte = reader.u8("OBU size");
            size |= static_cast<std::uint64_t>(byte & 0x7F) << (7 * i);
            if (!(byte & 0x80)) break;
        }
        if (size > reader.remaining()) refuse("too short (OBU payload)");
        reader.take(static_cast<std::size_t>(size), "OBU payload");
        const std::size_t end = bytes.size() - reader.remaining();
        obus.emplace_back(bytes.substr(start, end - start));
    }
    return obus;
}

}  // namespace

Av1CodecConfig Av1CodecConfig::parse(std::string_view record) {
    detail::checkRecordSize(record, kMaxRecordBytes, kRecord);
    if (record.size() < 4) refuse("too short");
    detail::RecordReader reader(record, kRecord);
    const std::uint8_t first = reader.u8("marker");
    if (!(first & 0x80)) refuse("lacks its marker bit");
    if ((first & 0x7F) != 1) refuse("version is not 1");
    Av1CodecConfig config;
    const std::uint8_t second = reader.u8("profile");
    config.profile = second >> 5;
    config.level = second & 0x1F;
    const std::uint8_t third = reader.u8("colour");
    config.highTier = third & 0x80;
    config.highBitDepth = third & 0x40;
    config.twelveBit = third & 0x20;
    config.monochrome = third & 0x10;
    config.chromaSubsamplingX = third & 0x08;
    config.chromaSubsamplingY = third & 0x04;
    config.chromaSamplePosition = third & 0x03;
    const std::uint8_t fourth = reader.u8("presentation delay");
    if (fourth & 0x10) config.initialPresentationDelay = static_cast<std::uint8_t>((fourth & 0x0F) + 1);
    config.configObus = splitObus(reader.rest());
    return config;
}

std::string Av1CodecConfig::write() const {
    std::string out;
    out.push_back(static_cast<char>(0x81));
    out.push_back(static_cast<char>(((profile & 0x07) << 5) | (level & 0x1F)));
    out.push_back(static_cast<char>((highTier ? 0x80 : 0) | (highBitDepth ? 0x40 : 0) | (twelveBit ? 0x20 : 0) |
                                    (monochrome ? 0x10 : 0) | (chromaSubsamplingX ? 0x08 : 0) |
                                    (chromaSubsamplingY ? 0x04 : 0) | (chromaSamplePosition & 0x03)));
    out.push_back(static_cast<char>(initialPresentationDelay ? 0x10 | ((*initialPresentationDelay - 1) & 0x0F) : 0));
    for (const std::string& obu : configObus) out += obu;
    return out;
}

std::optional<std::string> Av1CodecConfig::sequenceHeaderObu() const {
    for (const std::string& obu : configObus)
        if (!obu.empty() && obuType(obu) == kObuSequenceHeader) return obu;
    return std::nullopt;
}

std::string Av1CodecConfig::codecString() const {
    char text[32];
    std::snprintf(text, sizeof text, "av01.%u.%02u%c.%02d", static_cast<unsigned>(profile), static_cast<unsigned>(level),
                  highTier ? 'H' : 'M', bitDepth());
    return text;
}

}  // namespace sockstream::codec
