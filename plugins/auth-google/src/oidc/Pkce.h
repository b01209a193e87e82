#pragma once

#include <string>

namespace sockstream::authgoogle {

/// Proof Key for Code Exchange (RFC 7636) with the S256 method only.
struct Pkce {
    std::string verifier;   ///< 43 characters of base64url (32 random bytes)
    std::string challenge;  ///< base64url(SHA-256(verifier))

    static Pkce generate();
    static std::string challengeFor(const std::string& verifier);
};

}  // namespace sockstream::authgoogle
