#include "AdtsAudio.h"

#include <cstdint>
#include <stdexcept>

namespace sockstream::srt {

namespace {
constexpr int kSampleRates[] = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
constexpr std::size_t kHeaderBytes = 7;
}  // namespace

std::vector<AdtsFrame> splitAdts(std::string_view data) {
    std::vector<AdtsFrame> frames;
    while (!data.empty()) {
        if (data.size() < kHeaderBytes) throw std::invalid_argument("ADTS header truncated");
        const auto* b = reinterpret_cast<const std::uint8_t*>(data.data());
        if (b[0] != 0xFF || (b[1] & 0xF0) != 0xF0) throw std::invalid_argument("ADTS syncword missing");
        const bool protectionAbsent = b[1] & 0x01;
        const int profile = (b[2] >> 6) & 0x03;  // object type - 1
        const int rateIndex = (b[2] >> 2) & 0x0F;
        const int channels = ((b[2] & 0x01) << 2) | ((b[3] >> 6) & 0x03);
        const std::size_t frameLength = ((b[3] & 0x03u) << 11) | (static_cast<std::size_t>(b[4]) << 3) | (b[5] >> 5);
        const int blocks = (b[6] & 0x03) + 1;
        const std::size_t header = protectionAbsent ? kHeaderBytes : kHeaderBytes + 2;
        if (rateIndex >= 13) throw std::invalid_argument("ADTS header has a reserved sample rate index");
        if (frameLength <= header) throw std::invalid_argument("ADTS frame length shorter than its header");
        if (frameLength > data.size()) throw std::invalid_argument("ADTS frame longer than the data");
        if (blocks != 1) throw std::invalid_argument("ADTS frame with several raw data blocks is not supported");
        AdtsFrame frame;
        frame.payload = data.substr(header, frameLength - header);
        frame.sampleRate = kSampleRates[rateIndex];
        frame.channels = channels;
        const int objectType = profile + 1;
        frame.audioSpecificConfig.push_back(static_cast<char>((objectType << 3) | (rateIndex >> 1)));
        frame.audioSpecificConfig.push_back(static_cast<char>(((rateIndex & 1) << 7) | (channels << 3)));
        frames.push_back(std::move(frame));
        data.remove_prefix(frameLength);
    }
    return frames;
}

}  // namespace sockstream::srt
