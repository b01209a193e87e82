#pragma once

// The depacketizer fuzzers' input: a list of RTP packets, each a 2-byte
// length and then the datagram; those RtpPacket::parse refuses are skipped.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "RtpPacket.h"

namespace sockstream::webrtc::fuzz {

template <typename OnPacket>
void forEachRtpPacket(const std::uint8_t* data, std::size_t size, OnPacket onPacket) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    while (bytes.size() >= 2) {
        const std::size_t length = (static_cast<unsigned char>(bytes[0]) << 8) | static_cast<unsigned char>(bytes[1]);
        bytes.remove_prefix(2);
        const std::string_view datagram = bytes.substr(0, length);
        bytes.remove_prefix(datagram.size());
        if (const auto packet = RtpPacket::parse(datagram)) onPacket(*packet);
    }
}

}  // namespace sockstream::webrtc::fuzz
