#pragma once

#include <string>
#include <vector>

namespace sockstream::authgoogle {

/// The parts of an OpenID Provider's discovery document we rely on
/// (OpenID Connect Discovery 1.0, section 3).
struct ProviderMetadata {
    static constexpr std::size_t kMaxBytes = 256 * 1024;

    std::string issuer;
    std::string authorizationEndpoint;
    std::string tokenEndpoint;
    std::string jwksUri;
    std::string userinfoEndpoint;  ///< empty: the provider has none (it is optional)
    std::vector<std::string> tokenEndpointAuthMethods;  ///< empty: the default, client_secret_basic
    bool issuerInAuthorizationResponse = false;         ///< RFC 9207

    /// Throws OidcError(invalid_discovery) when the document is malformed, its
    /// issuer differs from `expectedIssuer` (section 4.3), an endpoint is not
    /// https, or the provider cannot sign ID tokens with RS256.
    static ProviderMetadata parse(const std::string& json, const std::string& expectedIssuer);
};

}  // namespace sockstream::authgoogle
