#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace sockstream::authgoogle {

/// What a valid ID token must say for this sign-in (OpenID Connect Core 3.1.3.7).
struct IdTokenExpectations {
    std::string issuer;
    std::string clientId;
    std::string nonce;
    std::vector<std::string> allowedHostedDomains;  ///< empty: any account
    std::chrono::seconds clockSkew{60};
    std::chrono::seconds maxAge{600};               ///< a token issued longer ago is refused
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

}  // namespace sockstream::authgoogle
