#include "oidc/SecureRandom.h"

#include <stdexcept>

#include <openssl/rand.h>

#include "oidc/Base64Url.h"

namespace sockstream::authgoogle {

std::string SecureRandom::token(std::size_t bytes) {
    std::string raw(bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(raw.size())) != 1)
        throw std::runtime_error("the random number generator failed");
    return Base64Url::encode(raw);
}

}  // namespace sockstream::authgoogle
