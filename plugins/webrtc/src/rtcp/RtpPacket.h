#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sockstream::webrtc {

/// A parsed RTP packet (RFC 3550 section 5.1) from a publisher (WHIP), after
/// SRTP unprotect. It views the datagram, which must outlive it. Parsing
/// returns nullopt rather than throwing, so junk on the media port is cheap.
struct RtpPacket {
    static constexpr std::size_t kMaxSize = 1500;

    bool marker = false;
    std::uint8_t payloadType = 0;
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t ssrc = 0;
    std::uint8_t csrcCount = 0;
    std::array<std::uint32_t, 15> csrcs{};
    bool hasExtension = false;
    std::uint16_t extensionProfile = 0;  ///< 0xBEDE: one-byte elements; 0x100x: two-byte (RFC 8285)
    std::string_view extension;          ///< the extension's data, without its 4-byte header
    std::string_view payload;            ///< padding removed; empty for a padding-only packet (bandwidth probes)
    std::size_t paddingSize = 0;

    /// Version 2, a payload type that is not RTCP's (RFC 5761), CSRCs,
    /// extension and padding within the datagram, at most kMaxSize bytes.
    /// nullopt otherwise, with the reason in words in `whyNot` if given.
    static std::optional<RtpPacket> parse(std::string_view datagram, std::string* whyNot = nullptr);

    /// The data of the RFC 8285 header extension element with this id (1..14
    /// one-byte, 1..255 two-byte), or nullopt when absent or the elements are malformed.
    std::optional<std::string_view> extensionElement(std::uint8_t id) const;
};

}  // namespace sockstream::webrtc
