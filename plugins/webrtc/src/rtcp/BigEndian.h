#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sockstream::webrtc {

/// Network-order reads for the RTP/RTCP parsers; the caller has checked the bounds.
inline std::uint16_t readBigEndian16(std::string_view bytes, std::size_t at) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(bytes[at]) << 8) | static_cast<unsigned char>(bytes[at + 1]));
}

inline std::uint32_t readBigEndian32(std::string_view bytes, std::size_t at) {
    return (std::uint32_t{readBigEndian16(bytes, at)} << 16) | readBigEndian16(bytes, at + 2);
}

}  // namespace sockstream::webrtc
