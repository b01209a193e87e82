#include "sockstream/codec/AudioSpecificConfig.h"

#include <cstdint>

#include "sockstream/codec/RecordError.h"

namespace sockstream::codec {

namespace {

constexpr int kSampleRates[13] = {96000, 88200, 64000, 48000, 44100, 32000, 24000,
                                  22050, 16000, 12000, 11025, 8000, 7350};

class BitReader {
public:
    explicit BitReader(std::string_view bytes) : _bytes(bytes) {}
    std::uint32_t read(int bits) {
        std::uint32_t value = 0;
        for (int i = 0; i < bits; ++i) {
            if (_bit >= _bytes.size() * 8) throw RecordError("truncated AudioSpecificConfig");
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

}  // namespace

AudioSpecificConfig AudioSpecificConfig::parse(std::string_view bytes) {
    BitReader bits(bytes);
    AudioSpecificConfig config;
    config.objectType = static_cast<int>(bits.read(5));
    if (config.objectType == 31) config.objectType = 32 + static_cast<int>(bits.read(6));
    if (config.objectType == 0) throw RecordError("AudioSpecificConfig with object type 0");
    const std::uint32_t rateIndex = bits.read(4);
    if (rateIndex == 15) config.sampleRate = static_cast<int>(bits.read(24));
    else if (rateIndex < 13) config.sampleRate = kSampleRates[rateIndex];
    else throw RecordError("AudioSpecificConfig with reserved sample rate index");
    if (config.sampleRate == 0) throw RecordError("AudioSpecificConfig with sample rate 0");
    config.channels = static_cast<int>(bits.read(4));
    return config;
}

std::string AudioSpecificConfig::codecString() const {
    return "mp4a.40." + std::to_string(objectType);
}

}  // namespace sockstream::codec
