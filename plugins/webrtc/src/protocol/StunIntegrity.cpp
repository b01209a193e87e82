#include "StunIntegrity.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace sockstream::webrtc {

std::array<std::uint8_t, 20> stunHmacSha1(std::string_view key, std::string_view bytes) {
    std::array<std::uint8_t, 20> mac{};
    unsigned int length = 0;
    HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), mac.data(), &length);
    return mac;
}

bool equalInConstantTime(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sockstream::webrtc
