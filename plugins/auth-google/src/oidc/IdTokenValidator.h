#pragma once

#include <functional>
#include <string>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/SharedPtr.h>

#include "oidc/IdTokenClaims.h"
#include "oidc/IdTokenExpectations.h"

namespace sockstream::authgoogle {

/// Checks an ID token: compact JWS, RS256 only, signature against the
/// provider's key named by `kid`, then iss, aud/azp, exp, iat, nbf, nonce, sub
/// and the optional hosted-domain allow-list.
class IdTokenValidator {
public:
    static constexpr std::size_t kMaxTokenBytes = 16 * 1024;
    /// Returns the signing key for a `kid` (may refetch the JWKS), or null.
    using KeyLookup = std::function<Poco::SharedPtr<Poco::Crypto::RSAKey>(const std::string& kid)>;

    /// Throws OidcError(invalid_id_token) naming the first check that failed.
    static IdTokenClaims validate(const std::string& token, const KeyLookup& keys,
                                  const IdTokenExpectations& expected);
};

}  // namespace sockstream::authgoogle
