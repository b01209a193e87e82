#include "sockstream/codec/AvcDecoderConfig.h"

#include <cstdio>

#include "sockstream/codec/RecordError.h"

namespace sockstream::codec {

namespace {

/// Reads big-endian fields; every read says what was cut short.
class Reader {
public:
    explicit Reader(std::string_view bytes) : _bytes(bytes) {}
    std::uint8_t u8(const char* what) { return static_cast<std::uint8_t>(take(1, what)[0]); }
    std::uint16_t u16(const char* what) {
        auto bytes = take(2, what);
        return static_cast<std::uint16_t>((static_cast<std::uint8_t>(bytes[0]) << 8) | static_cast<std::uint8_t>(bytes[1]));
    }
    std::string_view take(std::size_t count, const char* what) {
        if (count > _bytes.size() - _at)
            throw RecordError(std::string("AVC decoder configuration record too short (") + what + ")");
        auto bytes = _bytes.substr(_at, count);
        _at += count;
        return bytes;
    }

private:
    std::string_view _bytes;
    std::size_t _at = 0;
};

void readParameterSets(Reader& reader, std::size_t count, std::vector<std::string>& out, const char* what) {
    for (std::size_t i = 0; i < count; ++i) {
        std::uint16_t length = reader.u16(what);
        if (length == 0) throw RecordError(std::string("AVC decoder configuration record has an empty ") + what);
        out.emplace_back(reader.take(length, what));
    }
}

}  // namespace

AvcDecoderConfig AvcDecoderConfig::parse(std::string_view record) {
    if (record.size() > kMaxRecordBytes)
        throw RecordError("AVC decoder configuration record of " + std::to_string(record.size()) + " bytes is over the " +
                          std::to_string(kMaxRecordBytes) + "-byte limit");
    if (record.size() < 7) throw RecordError("AVC decoder configuration record too short");
    Reader reader(record);
    if (reader.u8("version") != 1) throw RecordError("AVC decoder configuration record version is not 1");
    AvcDecoderConfig config;
    config.profile = reader.u8("profile");
    config.compatibility = reader.u8("compatibility");
    config.level = reader.u8("level");
    config.nalLengthSize = (reader.u8("length size") & 0x03) + 1;
    if (config.nalLengthSize == 3) throw RecordError("AVC decoder configuration record with 3-byte NAL unit lengths");
    readParameterSets(reader, reader.u8("sequence parameter set count") & 0x1F, config.sequenceParameterSets,
                      "sequence parameter set");
    readParameterSets(reader, reader.u8("picture parameter set count"), config.pictureParameterSets,
                      "picture parameter set");
    return config;
}

std::string AvcDecoderConfig::codecString() const {
    char text[16];
    std::snprintf(text, sizeof text, "avc1.%02X%02X%02X", profile, compatibility, level);
    return text;
}

}  // namespace sockstream::codec
