#pragma once

#include <string>

#include "oidc/GoogleAuthConfig.h"

namespace sockstream::authgoogle {

/// The authorization code request with PKCE (OpenID Connect Core 3.1.2.1, RFC 7636 4.3).
class AuthorizationRequest {
public:
    static std::string url(const std::string& authorizationEndpoint, const GoogleAuthConfig& config,
                           const std::string& state, const std::string& nonce, const std::string& codeChallenge);
};

}  // namespace sockstream::authgoogle
