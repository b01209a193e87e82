// H.264 packetizer: the first byte splits the input into an avcC record and an
// access unit; both parse or throw WebRtcError, and every packet fits the payload size.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "H264Packetizer.h"
#include "WebRtcError.h"

using namespace sockstream::webrtc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::size_t split = std::min<std::size_t>(data[0], bytes.size());
    RtpStreamParameters parameters;
    parameters.maxPayloadSize = 64;
    H264Packetizer packetizer(parameters);
    try {
        packetizer.setDecoderConfig(bytes.substr(0, split));
    } catch (const WebRtcError&) {
    }
    try {
        for (const auto& packet : packetizer.packetize(bytes.substr(split), sockstream::MediaTime::fromMilliseconds(1234)))
            if (packet.size() > 12 + parameters.maxPayloadSize) std::abort();
    } catch (const WebRtcError&) {
    }
    return 0;
}
