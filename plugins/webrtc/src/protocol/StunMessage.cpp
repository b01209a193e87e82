#include "StunMessage.h"

#include <string>

#include "Crc32.h"
#include "StunIntegrity.h"
#include "WebRtcLimits.h"

namespace sockstream::webrtc {

namespace {
std::uint16_t read16(std::string_view bytes, std::size_t at) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(bytes[at]) << 8) |
                                      static_cast<unsigned char>(bytes[at + 1]));
}
std::uint32_t read32(std::string_view bytes, std::size_t at) {
    return (std::uint32_t{read16(bytes, at)} << 16) | read16(bytes, at + 2);
}
std::uint64_t read64(std::string_view bytes, std::size_t at) {
    return (std::uint64_t{read32(bytes, at)} << 32) | read32(bytes, at + 4);
}

/// The header with its length field rewritten to end at `end`, as both
/// MESSAGE-INTEGRITY and FINGERPRINT require, followed by the body up to `coveredEnd`.
std::string coveredBytes(std::string_view raw, std::size_t coveredEnd, std::size_t lengthEnd) {
    std::string bytes(raw.substr(0, coveredEnd));
    const auto length = static_cast<std::uint16_t>(lengthEnd - stun::kHeaderSize);
    bytes[2] = static_cast<char>(length >> 8);
    bytes[3] = static_cast<char>(length & 0xFF);
    return bytes;
}
}  // namespace

std::optional<StunMessage> StunMessage::parse(std::string_view datagram) {
    if (datagram.size() < stun::kHeaderSize || datagram.size() > StunLimits::maxMessageSize) return std::nullopt;
    if (!stun::looksLikeStun(static_cast<unsigned char>(datagram[0]))) return std::nullopt;
    const std::size_t length = read16(datagram, 2);
    // Over UDP one datagram carries exactly one message, padded to 4 bytes.
    if (length % 4 != 0 || stun::kHeaderSize + length != datagram.size()) return std::nullopt;
    if (read32(datagram, 4) != stun::kMagicCookie) return std::nullopt;

    StunMessage message;
    message._raw = datagram;
    message._type = read16(datagram, 0);
    for (std::size_t i = 0; i < 12; ++i) message._transactionId[i] = static_cast<std::uint8_t>(datagram[8 + i]);

    std::size_t at = stun::kHeaderSize;
    while (at < datagram.size()) {
        if (datagram.size() - at < 4) return std::nullopt;
        const std::uint16_t type = read16(datagram, at);
        const std::size_t valueLength = read16(datagram, at + 2);
        const std::size_t padded = (valueLength + 3) & ~std::size_t{3};
        if (datagram.size() - at - 4 < padded) return std::nullopt;
        if (message._fingerprintOffset) return std::nullopt;  // FINGERPRINT must be last
        if (type == stun::kFingerprint) {
            if (valueLength != 4) return std::nullopt;
            message._fingerprintOffset = at;
        } else if (message._integrityOffset) {
            // RFC 8489 15.4: attributes after MESSAGE-INTEGRITY (other than
            // FINGERPRINT) are not covered by it, so they are ignored.
            at += 4 + padded;
            continue;
        } else if (type == stun::kMessageIntegrity) {
            if (valueLength != stun::kIntegritySize) return std::nullopt;
            message._integrityOffset = at;
        }
        if (message._attributes.size() == StunLimits::maxAttributes) return std::nullopt;
        message._attributes.push_back({type, datagram.substr(at + 4, valueLength)});
        at += 4 + padded;
    }
    return message;
}

std::optional<std::string_view> StunMessage::attribute(std::uint16_t type) const {
    for (const auto& attribute : _attributes)
        if (attribute.type == type) return attribute.value;
    return std::nullopt;
}

std::optional<std::string_view> StunMessage::username() const {
    auto value = attribute(stun::kUsername);
    if (!value || value->size() > 513) return std::nullopt;  // RFC 8489 14.3: under 513 bytes
    return value;
}

std::optional<std::uint32_t> StunMessage::priority() const {
    auto value = attribute(stun::kPriority);
    if (!value || value->size() != 4) return std::nullopt;
    return read32(*value, 0);
}

std::optional<std::uint64_t> StunMessage::iceControlling() const {
    auto value = attribute(stun::kIceControlling);
    if (!value || value->size() != 8) return std::nullopt;
    return read64(*value, 0);
}

std::optional<std::uint64_t> StunMessage::iceControlled() const {
    auto value = attribute(stun::kIceControlled);
    if (!value || value->size() != 8) return std::nullopt;
    return read64(*value, 0);
}

std::optional<TransportAddress> StunMessage::xorMappedAddress() const {
    auto value = attribute(stun::kXorMappedAddress);
    if (!value || value->size() < 8) return std::nullopt;
    const auto family = static_cast<unsigned char>((*value)[1]);
    TransportAddress address;
    address.port = static_cast<std::uint16_t>(read16(*value, 2) ^ (stun::kMagicCookie >> 16));
    // The address is XORed with the cookie, then (IPv6) the transaction id.
    std::array<std::uint8_t, 16> mask{};
    for (int i = 0; i < 4; ++i) mask[i] = static_cast<std::uint8_t>(stun::kMagicCookie >> (24 - 8 * i));
    for (int i = 0; i < 12; ++i) mask[4 + i] = _transactionId[i];
    std::size_t ipLength = 0;
    if (family == 0x01 && value->size() == 8) {
        ipLength = 4;
    } else if (family == 0x02 && value->size() == 20) {
        ipLength = 16;
        address.ipv6 = true;
    } else {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < ipLength; ++i)
        address.ip[i] = static_cast<std::uint8_t>(static_cast<unsigned char>((*value)[4 + i]) ^ mask[i]);
    return address;
}

bool StunMessage::verifyIntegrity(std::string_view key) const {
    if (!_integrityOffset) return false;
    const std::size_t at = *_integrityOffset;
    const std::size_t attributeEnd = at + 4 + stun::kIntegritySize;
    const auto mac = stunHmacSha1(key, coveredBytes(_raw, at, attributeEnd));
    return equalInConstantTime(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()),
                               _raw.substr(at + 4, stun::kIntegritySize));
}

bool StunMessage::verifyFingerprint() const {
    if (!_fingerprintOffset) return false;
    const std::size_t at = *_fingerprintOffset;
    const std::uint32_t expected = crc32(coveredBytes(_raw, at, at + 8)) ^ stun::kFingerprintXor;
    return read32(_raw, at + 4) == expected;
}

}  // namespace sockstream::webrtc
