#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace sockstream::webrtc {

/// An IP address and UDP port as bytes, so the protocol code needs no socket
/// library: the plugin glue converts to and from its sockets' endpoints.
/// `tcp` marks the remote end of an ICE-TCP connection (RFC 6544): the same
/// numbers over UDP are another peer, and what goes there leaves through that
/// connection, never the UDP socket.
struct TransportAddress {
    bool ipv6 = false;
    std::array<std::uint8_t, 16> ip{};  ///< IPv4 uses the first 4 bytes
    std::uint16_t port = 0;
    bool tcp = false;

    static TransportAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d,
                               std::uint16_t port) {
        TransportAddress address;
        address.ip[0] = a;
        address.ip[1] = b;
        address.ip[2] = c;
        address.ip[3] = d;
        address.port = port;
        return address;
    }

    std::string toString() const;

    friend bool operator==(const TransportAddress&, const TransportAddress&) = default;
};

struct TransportAddressHash {
    std::size_t operator()(const TransportAddress& address) const noexcept;
};

}  // namespace sockstream::webrtc
