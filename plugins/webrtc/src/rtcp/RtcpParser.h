#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "RtcpPackets.h"

namespace sockstream::webrtc {

/// True when a datagram on an rtcp-mux port is RTCP rather than RTP: version 2
/// and a second byte of 192..223 (RFC 5761 section 4), which no dynamic RTP
/// payload type can produce.
inline bool looksLikeRtcp(std::string_view datagram) {
    if (datagram.size() < 8) return false;
    const auto first = static_cast<unsigned char>(datagram[0]);
    const auto second = static_cast<unsigned char>(datagram[1]);
    return (first >> 6) == 2 && second >= 192 && second <= 223;
}

/// Parses a whole compound RTCP packet (after SRTCP unprotect): every packet's
/// version, length and padding must be right and the lengths must add up to
/// the datagram (RFC 3550 appendix A.2); reduced-size RTCP (RFC 5506, a lone
/// feedback packet) is accepted too. Any malformed packet refuses the whole
/// datagram: nullopt, with the reason in words in `whyNot` if given. Not
/// throwing keeps junk cheap. The result owns its data.
std::optional<RtcpCompound> parseRtcpCompound(std::string_view datagram, std::string* whyNot = nullptr);

}  // namespace sockstream::webrtc
