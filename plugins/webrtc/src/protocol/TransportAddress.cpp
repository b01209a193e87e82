#include "TransportAddress.h"

#include <cstdio>

namespace sockstream::webrtc {

std::string TransportAddress::toString() const {
    char text[64];
    if (!ipv6) {
        std::snprintf(text, sizeof text, "%u.%u.%u.%u:%u%s", ip[0], ip[1], ip[2], ip[3], port, tcp ? " (tcp)" : "");
        return text;
    }
    std::string out = "[";
    for (int i = 0; i < 16; i += 2) {
        std::snprintf(text, sizeof text, "%s%x", i ? ":" : "", (ip[i] << 8) | ip[i + 1]);
        out += text;
    }
    std::snprintf(text, sizeof text, "]:%u%s", port, tcp ? " (tcp)" : "");
    return out + text;
}

std::size_t TransportAddressHash::operator()(const TransportAddress& address) const noexcept {
    // FNV-1a over the bytes that matter: cheap, and good enough for a map
    // whose keys an attacker cannot choose freely (they must pass ICE first).
    std::size_t hash = 1469598103934665603ull;
    const auto mix = [&hash](std::uint8_t byte) { hash = (hash ^ byte) * 1099511628211ull; };
    const int length = address.ipv6 ? 16 : 4;
    for (int i = 0; i < length; ++i) mix(address.ip[i]);
    mix(static_cast<std::uint8_t>(address.port >> 8));
    mix(static_cast<std::uint8_t>(address.port));
    mix(address.ipv6 ? 6 : 4);
    mix(address.tcp ? 1 : 0);
    return hash;
}

}  // namespace sockstream::webrtc
