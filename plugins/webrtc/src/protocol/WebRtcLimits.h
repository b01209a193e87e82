#pragma once

#include <cstddef>

namespace sockstream::webrtc {

/// Bounds on untrusted input. A STUN message never needs more than one
/// Ethernet-sized datagram, and a browser's WHEP offer is a few kilobytes, so
/// the limits sit well above real traffic and far below what costs memory.
struct StunLimits {
    static constexpr std::size_t maxMessageSize = 1500;
    static constexpr std::size_t maxAttributes = 32;
};

struct SdpLimits {
    std::size_t maxBytes = 64 * 1024;
    std::size_t maxLines = 2000;
    std::size_t maxLineLength = 4096;
    std::size_t maxMediaSections = 16;
    std::size_t maxCodecsPerMedia = 64;
};

}  // namespace sockstream::webrtc
