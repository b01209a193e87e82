#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include "TransportAddress.h"

namespace sockstream::webrtc {

/// TransportAddress (the protocol code's socket-free address) to and from the
/// IPv4 sockaddr the UDP glue uses. Header-only, for the plugin and its test tools.
inline TransportAddress fromSockaddr(const sockaddr_in& address) {
    TransportAddress out;
    std::memcpy(out.ip.data(), &address.sin_addr, 4);
    out.port = ntohs(address.sin_port);
    return out;
}

inline sockaddr_in toSockaddr(const TransportAddress& address) {
    sockaddr_in out{};
    out.sin_family = AF_INET;
    std::memcpy(&out.sin_addr, address.ip.data(), 4);
    out.sin_port = htons(address.port);
    return out;
}

}  // namespace sockstream::webrtc
