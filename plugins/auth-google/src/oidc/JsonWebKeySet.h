#pragma once

#include <cstddef>
#include <map>
#include <string>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/SharedPtr.h>

namespace sockstream::authgoogle {

/// The provider's signing keys (RFC 7517), reduced to what we accept: RSA keys
/// meant for signatures with RS256. Other keys are skipped, not errors, so a
/// provider may publish keys for algorithms we do not use.
class JsonWebKeySet {
public:
    static constexpr std::size_t kMaxBytes = 256 * 1024;
    static constexpr std::size_t kMaxKeys = 64;

    /// Throws OidcError(invalid_jwks) when the document is not a JWK Set.
    static JsonWebKeySet parse(const std::string& json);

    /// The key with this `kid`; for a token without `kid`, the only key if there
    /// is exactly one. Null when none matches.
    Poco::SharedPtr<Poco::Crypto::RSAKey> find(const std::string& kid) const;
    std::size_t size() const { return _keys.size(); }

private:
    std::map<std::string, Poco::SharedPtr<Poco::Crypto::RSAKey>> _keys;
};

}  // namespace sockstream::authgoogle
