// Opus framing: any bytes give a duration within 2.5 .. 120 ms or are refused,
// and the packetizer either refuses them or writes one RTP packet carrying them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "OpusPacket.h"
#include "OpusPacketizer.h"
#include "WebRtcError.h"

using namespace sockstream;
using namespace sockstream::webrtc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto samples = opusPacketSamples(bytes);
    if (samples && (*samples < 120 || *samples > 5760)) std::abort();
    RtpStreamParameters parameters;
    parameters.payloadType = 111;
    OpusPacketizer packetizer(parameters);
    try {
        const auto packet = packetizer.packetize(bytes, MediaTime{960, 48000});
        if (!samples || packet.size() != 12 + bytes.size() || packet.substr(12) != bytes) std::abort();
    } catch (const WebRtcError&) {
        if (samples && bytes.size() <= parameters.maxPayloadSize) std::abort();
    }
    return 0;
}
