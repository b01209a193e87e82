#pragma once

#include <cstddef>
#include <string>

namespace sockstream::authgoogle {

/// Unguessable values for state, nonce, PKCE verifiers and cookie handles.
class SecureRandom {
public:
    /// base64url of `bytes` bytes from OpenSSL's CSPRNG. Throws if it fails.
    static std::string token(std::size_t bytes = 32);
};

}  // namespace sockstream::authgoogle
