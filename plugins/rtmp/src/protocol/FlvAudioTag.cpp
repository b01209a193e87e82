#include "FlvAudioTag.h"

#include <cstdint>

#include "ByteReader.h"
#include "RtmpError.h"

namespace sockstream::rtmp {

namespace {

constexpr int kAacSampleRates[13] = {96000, 88200, 64000, 48000, 44100, 32000, 24000,
                                     22050, 16000, 12000, 11025, 8000, 7350};
constexpr int kFlvSampleRates[4] = {5512, 11025, 22050, 44100};
constexpr std::uint8_t kSoundFormatMp3 = 2;
constexpr std::uint8_t kSoundFormatAac = 10;

class BitReader {
public:
    explicit BitReader(std::string_view bytes) : _bytes(bytes) {}
    std::uint32_t read(int bits) {
        std::uint32_t value = 0;
        for (int i = 0; i < bits; ++i) {
            if (_bit >= _bytes.size() * 8) throw RtmpError("truncated AudioSpecificConfig");
            const auto byte = static_cast<std::uint8_t>(_bytes[_bit / 8]);
            value = (value << 1) | ((byte >> (7 - _bit % 8)) & 1);
            ++_bit;
        }
        return value;
    }

private:
    std::string_view _bytes;
    std::size_t _bit = 0;
};

FlvAudioTag ignored(std::string reason) {
    FlvAudioTag tag;
    tag.ignoredReason = std::move(reason);
    return tag;
}

}  // namespace

AudioSpecificConfig AudioSpecificConfig::parse(std::string_view bytes) {
    BitReader bits(bytes);
    AudioSpecificConfig config;
    config.objectType = static_cast<int>(bits.read(5));
    if (config.objectType == 31) config.objectType = 32 + static_cast<int>(bits.read(6));
    if (config.objectType == 0) throw RtmpError("AudioSpecificConfig with object type 0");
    const std::uint32_t rateIndex = bits.read(4);
    if (rateIndex == 15) config.sampleRate = static_cast<int>(bits.read(24));
    else if (rateIndex < 13) config.sampleRate = kAacSampleRates[rateIndex];
    else throw RtmpError("AudioSpecificConfig with reserved sample rate index");
    if (config.sampleRate == 0) throw RtmpError("AudioSpecificConfig with sample rate 0");
    config.channels = static_cast<int>(bits.read(4));
    return config;
}

FlvAudioTag FlvAudioTag::parse(std::string_view payload) {
    if (payload.empty()) return ignored("empty audio message");
    ByteReader reader(payload);
    const std::uint8_t first = reader.u8("audio tag header");
    const std::uint8_t format = first >> 4;
    FlvAudioTag tag;
    if (format == kSoundFormatAac) {
        tag.codec = Codec::AAC;
        const std::uint8_t packetType = reader.u8("AAC packet type");
        tag.data.assign(reinterpret_cast<const char*>(reader.current()), reader.remaining());
        if (packetType == 0) {
            const auto config = AudioSpecificConfig::parse(tag.data);
            tag.kind = Kind::SequenceStart;
            tag.sampleRate = config.sampleRate;
            tag.channels = config.channels;
        } else if (packetType == 1) {
            if (tag.data.empty()) return ignored("empty AAC frame");
            tag.kind = Kind::Frame;
        } else {
            throw RtmpError("unknown AAC packet type " + std::to_string(packetType));
        }
        return tag;
    }
    if (format == kSoundFormatMp3) {
        tag.codec = Codec::MP3;
        tag.kind = Kind::Frame;
        tag.sampleRate = kFlvSampleRates[(first >> 2) & 0x03];
        tag.channels = (first & 0x01) ? 2 : 1;
        tag.data.assign(reinterpret_cast<const char*>(reader.current()), reader.remaining());
        if (tag.data.empty()) return ignored("empty MP3 frame");
        return tag;
    }
    return ignored("unsupported FLV sound format " + std::to_string(format));
}

}  // namespace sockstream::rtmp
