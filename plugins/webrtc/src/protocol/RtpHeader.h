#pragma once

#include <cstdint>
#include <string>

namespace sockstream::webrtc {

constexpr std::size_t kRtpHeaderSize = 12;

/// Appends a 12-byte RTP fixed header (RFC 3550 section 5.1): version 2, no
/// padding, extension or CSRCs, which is all a sender of one source needs.
inline void appendRtpHeader(std::string& out, bool marker, std::uint8_t payloadType, std::uint16_t sequence,
                            std::uint32_t timestamp, std::uint32_t ssrc) {
    out.push_back(static_cast<char>(0x80));
    out.push_back(static_cast<char>((marker ? 0x80 : 0) | (payloadType & 0x7F)));
    out.push_back(static_cast<char>(sequence >> 8));
    out.push_back(static_cast<char>(sequence & 0xFF));
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((timestamp >> shift) & 0xFF));
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((ssrc >> shift) & 0xFF));
}

}  // namespace sockstream::webrtc
