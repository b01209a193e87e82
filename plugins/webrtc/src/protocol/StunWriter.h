#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "StunMessage.h"

namespace sockstream::webrtc {

/// Builds one STUN message. Attributes are appended in call order; finish()
/// appends MESSAGE-INTEGRITY and FINGERPRINT last, as RFC 8489 requires.
class StunWriter {
public:
    StunWriter(std::uint16_t type, const StunMessage::TransactionId& transactionId);

    StunWriter& attribute(std::uint16_t type, std::string_view value);
    StunWriter& uint32(std::uint16_t type, std::uint32_t value);
    StunWriter& uint64(std::uint16_t type, std::uint64_t value);
    StunWriter& flag(std::uint16_t type) { return attribute(type, {}); }
    StunWriter& xorMappedAddress(const TransportAddress& address);
    StunWriter& errorCode(int code, std::string_view reason);

    /// The finished message; an empty key leaves MESSAGE-INTEGRITY out.
    std::string finish(std::string_view integrityKey, bool fingerprint = true);

private:
    void setLength(std::size_t bodyLength);
    std::string _bytes;
    StunMessage::TransactionId _transactionId;
};

}  // namespace sockstream::webrtc
