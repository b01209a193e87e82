#include "CodecStrings.h"

#include <cstdint>
#include <cstdio>

#include "sockstream/codec/AudioSpecificConfig.h"
#include "sockstream/codec/AvcDecoderConfig.h"
#include "sockstream/codec/RecordError.h"

namespace sockstream::hls {

namespace {

std::uint8_t byteAt(std::string_view data, std::size_t index) {
    return static_cast<std::uint8_t>(data[index]);
}

std::string hex2(unsigned value) {
    char text[8];
    std::snprintf(text, sizeof text, "%02X", value & 0xFF);
    return text;
}

std::optional<std::string> avc(std::string_view avcC) {
    try {
        return codec::AvcDecoderConfig::parse(avcC).codecString();
    } catch (const codec::RecordError&) {
        return std::nullopt;
    }
}

std::optional<std::string> aac(std::string_view asc) {
    try {
        return codec::AudioSpecificConfig::parse(asc).codecString();
    } catch (const codec::RecordError&) {
        return std::nullopt;
    }
}

std::optional<std::string> hevc(std::string_view hvcC) {
    if (hvcC.size() < 23 || byteAt(hvcC, 0) != 1) return std::nullopt;
    unsigned profileSpace = byteAt(hvcC, 1) >> 6;
    bool highTier = (byteAt(hvcC, 1) >> 5) & 1;
    unsigned profile = byteAt(hvcC, 1) & 0x1F;
    std::uint32_t compatibility = 0;
    for (int i = 0; i < 4; ++i) compatibility = (compatibility << 8) | byteAt(hvcC, 2 + i);
    std::uint32_t reversed = 0;
    for (int i = 0; i < 32; ++i) reversed |= ((compatibility >> i) & 1u) << (31 - i);
    unsigned level = byteAt(hvcC, 12);

    std::string text = "hvc1.";
    if (profileSpace > 0) text += static_cast<char>('A' + profileSpace - 1);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%u.%X.", profile, reversed);
    text += buffer;
    text += highTier ? 'H' : 'L';
    text += std::to_string(level);
    int lastNonZero = -1;
    for (int i = 0; i < 6; ++i)
        if (byteAt(hvcC, 6 + i) != 0) lastNonZero = i;
    for (int i = 0; i <= lastNonZero; ++i) text += "." + hex2(byteAt(hvcC, 6 + i));
    return text;
}

std::optional<std::string> av1(std::string_view av1C) {
    if (av1C.size() < 4 || (byteAt(av1C, 0) & 0x7F) != 1) return std::nullopt;
    unsigned profile = byteAt(av1C, 1) >> 5;
    unsigned level = byteAt(av1C, 1) & 0x1F;
    bool highTier = byteAt(av1C, 2) >> 7;
    bool highBitDepth = (byteAt(av1C, 2) >> 6) & 1;
    bool twelveBit = (byteAt(av1C, 2) >> 5) & 1;
    unsigned depth = highBitDepth ? (twelveBit ? 12 : 10) : 8;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "av01.%u.%02u%c.%02u", profile, level, highTier ? 'H' : 'M', depth);
    return std::string(buffer);
}

}  // namespace

std::optional<std::string> CodecStrings::forTrack(Codec codec, std::string_view config) {
    switch (codec) {
        case Codec::H264: return avc(config);
        case Codec::HEVC: return hevc(config);
        case Codec::AV1: return av1(config);
        case Codec::AAC: return aac(config);
        case Codec::MP3: return std::string("mp4a.40.34");
        default: return std::nullopt;
    }
}

std::string CodecStrings::join(const std::vector<TrackInfo>& tracks) {
    std::string joined;
    for (const auto& track : tracks) {
        auto text = forTrack(track.codec, track.codecConfig);
        if (!text) continue;
        if (!joined.empty()) joined += ',';
        joined += *text;
    }
    return joined;
}

}  // namespace sockstream::hls
