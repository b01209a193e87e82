#pragma once

#include <string>

#include "oidc/GoogleAuthConfig.h"
#include "oidc/ProviderHttp.h"
#include "oidc/ProviderMetadata.h"
#include "oidc/TokenResponse.h"

namespace sockstream::authgoogle {

/// Redeems an authorization code at the token endpoint (OpenID Connect Core 3.1.3.1),
/// authenticating with client_secret_basic or client_secret_post.
class TokenExchange {
public:
    static constexpr std::size_t kMaxCodeBytes = 4096;

    /// Which client authentication to use: the configured one, else Basic unless
    /// the provider lists only client_secret_post.
    static std::string authMethod(const GoogleAuthConfig& config, const ProviderMetadata& metadata);
    /// Throws OidcError (provider_unreachable, token_exchange_failed).
    static TokenResponse redeem(ProviderHttp& http, const ProviderMetadata& metadata, const GoogleAuthConfig& config,
                                const std::string& code, const std::string& codeVerifier);
};

}  // namespace sockstream::authgoogle
