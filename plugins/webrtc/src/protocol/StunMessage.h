#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "StunConstants.h"
#include "TransportAddress.h"

namespace sockstream::webrtc {

/// One attribute of a parsed message; the value views the datagram.
struct StunAttribute {
    std::uint16_t type = 0;
    std::string_view value;
};

/// A parsed STUN message (RFC 8489) that views the datagram it came from: the
/// datagram must outlive it. Parsing returns nullopt rather than throwing,
/// because a flood of junk on the media port must cost as little as possible.
class StunMessage {
public:
    using TransactionId = std::array<std::uint8_t, 12>;

    /// Whole-datagram parse: header, length, cookie, attribute framing and the
    /// placement of MESSAGE-INTEGRITY / FINGERPRINT. nullopt for anything malformed.
    static std::optional<StunMessage> parse(std::string_view datagram);

    std::uint16_t type() const { return _type; }
    const TransactionId& transactionId() const { return _transactionId; }
    const std::vector<StunAttribute>& attributes() const { return _attributes; }

    /// First attribute of a type (the RFC says later duplicates are ignored).
    std::optional<std::string_view> attribute(std::uint16_t type) const;
    bool has(std::uint16_t type) const { return attribute(type).has_value(); }

    std::optional<std::string_view> username() const;
    std::optional<std::uint32_t> priority() const;
    std::optional<std::uint64_t> iceControlling() const;
    std::optional<std::uint64_t> iceControlled() const;
    bool useCandidate() const { return has(stun::kUseCandidate); }
    std::optional<TransportAddress> xorMappedAddress() const;

    bool hasIntegrity() const { return _integrityOffset.has_value(); }
    bool hasFingerprint() const { return _fingerprintOffset.has_value(); }
    /// HMAC-SHA1 check with the short-term key (the ICE password). False when absent.
    bool verifyIntegrity(std::string_view key) const;
    /// CRC-32 check of FINGERPRINT. False when absent.
    bool verifyFingerprint() const;

private:
    std::string_view _raw;
    std::uint16_t _type = 0;
    TransactionId _transactionId{};
    std::vector<StunAttribute> _attributes;
    std::optional<std::size_t> _integrityOffset;    ///< byte offset of the attribute header
    std::optional<std::size_t> _fingerprintOffset;  ///< byte offset of the attribute header
};

}  // namespace sockstream::webrtc
