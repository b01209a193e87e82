// RTP parser: arbitrary bytes parse or are refused with a reason; what parses
// has its payload and extension inside the datagram, and looking up every
// extension element id stays inside the extension.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "RtpPacket.h"

using namespace sockstream::webrtc;

namespace {
bool inside(std::string_view part, std::string_view whole) {
    return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::string why;
    const auto packet = RtpPacket::parse(bytes, &why);
    if (!packet) {
        if (why.empty()) std::abort();
        return 0;
    }
    if (!inside(packet->payload, bytes) || !inside(packet->extension, bytes)) std::abort();
    for (int id = 0; id < 256; ++id)
        if (const auto element = packet->extensionElement(static_cast<std::uint8_t>(id)); element && !inside(*element, packet->extension))
            std::abort();
    return 0;
}
