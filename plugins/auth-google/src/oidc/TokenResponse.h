#pragma once

#include <string>

namespace sockstream::authgoogle {

/// A token endpoint's answer (RFC 6749 5.1/5.2, OpenID Connect Core 3.1.3.3).
struct TokenResponse {
    static constexpr std::size_t kMaxBytes = 64 * 1024;

    static constexpr std::size_t kMaxAccessTokenBytes = 8192;

    std::string idToken;
    /// For the UserInfo endpoint; empty when absent or unusable (not needed for the ID token).
    std::string accessToken;

    /// Throws OidcError(token_exchange_failed) for an error answer (with the
    /// provider's error code), a non-Bearer token type or a missing id_token.
    static TokenResponse parse(int httpStatus, const std::string& body);
};

}  // namespace sockstream::authgoogle
