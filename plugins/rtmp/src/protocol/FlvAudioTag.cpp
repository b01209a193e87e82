#include "FlvAudioTag.h"

#include <cstdint>

#include "ByteReader.h"
#include "RtmpError.h"
#include "sockstream/codec/AudioSpecificConfig.h"
#include "sockstream/codec/RecordError.h"

namespace sockstream::rtmp {

namespace {

constexpr int kFlvSampleRates[4] = {5512, 11025, 22050, 44100};
constexpr std::uint8_t kSoundFormatMp3 = 2;
constexpr std::uint8_t kSoundFormatAac = 10;

FlvAudioTag ignored(std::string reason) {
    FlvAudioTag tag;
    tag.ignoredReason = std::move(reason);
    return tag;
}

}  // namespace

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
            codec::AudioSpecificConfig config;
            try {
                config = codec::AudioSpecificConfig::parse(tag.data);
            } catch (const codec::RecordError& error) {
                throw RtmpError(error.what());
            }
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
