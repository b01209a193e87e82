#include "OpusPacket.h"

namespace sockstream::webrtc {

namespace {
/// Samples a frame of this TOC configuration holds (RFC 6716 table 2).
int frameSamples(int config) {
    if (config < 12) {  // SILK-only: 10, 20, 40, 60 ms
        static constexpr int sizes[] = {480, 960, 1920, 2880};
        return sizes[config % 4];
    }
    if (config < 16) return config % 2 == 0 ? 480 : 960;  // hybrid: 10, 20 ms
    static constexpr int sizes[] = {120, 240, 480, 960};  // CELT-only: 2.5, 5, 10, 20 ms
    return sizes[config % 4];
}
constexpr int kMaxPacketSamples = 5760;  // 120 ms
}  // namespace

std::optional<int> opusPacketSamples(std::string_view packet) {
    if (packet.empty()) return std::nullopt;
    const auto toc = static_cast<unsigned char>(packet[0]);
    const int perFrame = frameSamples(toc >> 3);
    const std::size_t rest = packet.size() - 1;
    int frames = 1;
    switch (toc & 0x3) {
        case 0: break;
        case 1:  // two frames of equal size
            if (rest % 2 != 0) return std::nullopt;
            frames = 2;
            break;
        case 2: {  // two frames, the first's size given in one or two bytes
            if (rest < 1) return std::nullopt;
            const auto first = static_cast<unsigned char>(packet[1]);
            std::size_t lengthBytes = 1;
            std::size_t size = first;
            if (first >= 252) {
                if (rest < 2) return std::nullopt;
                lengthBytes = 2;
                size = first + 4 * static_cast<std::size_t>(static_cast<unsigned char>(packet[2]));
            }
            if (size > rest - lengthBytes) return std::nullopt;
            frames = 2;
            break;
        }
        default: {  // code 3: a count byte
            if (rest < 1) return std::nullopt;
            frames = static_cast<unsigned char>(packet[1]) & 0x3F;
            if (frames == 0) return std::nullopt;
            break;
        }
    }
    const int samples = frames * perFrame;
    if (samples > kMaxPacketSamples) return std::nullopt;
    return samples;
}

}  // namespace sockstream::webrtc
