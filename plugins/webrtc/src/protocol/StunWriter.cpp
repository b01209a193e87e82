#include "StunWriter.h"

#include "Crc32.h"
#include "StunIntegrity.h"

namespace sockstream::webrtc {

namespace {
void put16(std::string& out, std::uint16_t value) {
    out.push_back(static_cast<char>(value >> 8));
    out.push_back(static_cast<char>(value & 0xFF));
}
void put32(std::string& out, std::uint32_t value) {
    put16(out, static_cast<std::uint16_t>(value >> 16));
    put16(out, static_cast<std::uint16_t>(value & 0xFFFF));
}
}  // namespace

StunWriter::StunWriter(std::uint16_t type, const StunMessage::TransactionId& transactionId)
    : _transactionId(transactionId) {
    put16(_bytes, type);
    put16(_bytes, 0);
    put32(_bytes, stun::kMagicCookie);
    _bytes.append(reinterpret_cast<const char*>(transactionId.data()), transactionId.size());
}

StunWriter& StunWriter::attribute(std::uint16_t type, std::string_view value) {
    put16(_bytes, type);
    put16(_bytes, static_cast<std::uint16_t>(value.size()));
    _bytes.append(value);
    _bytes.append((4 - value.size() % 4) % 4, '\0');
    return *this;
}

StunWriter& StunWriter::uint32(std::uint16_t type, std::uint32_t value) {
    std::string bytes;
    put32(bytes, value);
    return attribute(type, bytes);
}

StunWriter& StunWriter::uint64(std::uint16_t type, std::uint64_t value) {
    std::string bytes;
    put32(bytes, static_cast<std::uint32_t>(value >> 32));
    put32(bytes, static_cast<std::uint32_t>(value));
    return attribute(type, bytes);
}

StunWriter& StunWriter::xorMappedAddress(const TransportAddress& address) {
    std::string value;
    value.push_back('\0');
    value.push_back(address.ipv6 ? '\x02' : '\x01');
    put16(value, static_cast<std::uint16_t>(address.port ^ (stun::kMagicCookie >> 16)));
    std::array<std::uint8_t, 16> mask{};
    for (int i = 0; i < 4; ++i) mask[i] = static_cast<std::uint8_t>(stun::kMagicCookie >> (24 - 8 * i));
    for (int i = 0; i < 12; ++i) mask[4 + i] = _transactionId[i];
    const int length = address.ipv6 ? 16 : 4;
    for (int i = 0; i < length; ++i) value.push_back(static_cast<char>(address.ip[i] ^ mask[i]));
    return attribute(stun::kXorMappedAddress, value);
}

StunWriter& StunWriter::errorCode(int code, std::string_view reason) {
    std::string value(2, '\0');
    value.push_back(static_cast<char>(code / 100));
    value.push_back(static_cast<char>(code % 100));
    value.append(reason);
    return attribute(stun::kErrorCode, value);
}

void StunWriter::setLength(std::size_t bodyLength) {
    _bytes[2] = static_cast<char>(bodyLength >> 8);
    _bytes[3] = static_cast<char>(bodyLength & 0xFF);
}

std::string StunWriter::finish(std::string_view integrityKey, bool fingerprint) {
    if (!integrityKey.empty()) {
        // The length counts up to the end of MESSAGE-INTEGRITY while signing.
        setLength(_bytes.size() + 4 + stun::kIntegritySize - stun::kHeaderSize);
        const auto mac = stunHmacSha1(integrityKey, _bytes);
        attribute(stun::kMessageIntegrity, std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
    }
    if (fingerprint) {
        setLength(_bytes.size() + 8 - stun::kHeaderSize);
        const std::uint32_t crc = crc32(_bytes) ^ stun::kFingerprintXor;
        std::string value;
        put32(value, crc);
        attribute(stun::kFingerprint, value);
    }
    setLength(_bytes.size() - stun::kHeaderSize);
    return std::move(_bytes);
}

}  // namespace sockstream::webrtc
