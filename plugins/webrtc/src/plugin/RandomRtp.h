#pragma once

#include <cstdint>
#include <string>

#include "sockstream/util/Random.h"

namespace sockstream::webrtc {

/// 32 random bits from the system's CSPRNG: SSRCs, first sequence numbers and
/// timestamp bases must not be guessable (RFC 3550 section 5.1, RFC 3711 section 9).
inline std::uint32_t randomRtp32() {
    const std::string bytes = secureRandomBytes(4);
    std::uint32_t value = 0;
    for (const char byte : bytes) value = (value << 8) | static_cast<unsigned char>(byte);
    return value;
}

}  // namespace sockstream::webrtc
