#include "oidc/JsonWebKeySet.h"

#include <Poco/JSON/Array.h>

#include "oidc/Base64Url.h"
#include "oidc/JsonDocument.h"
#include "oidc/OidcError.h"
#include "oidc/RsaPublicKey.h"

namespace sockstream::authgoogle {

JsonWebKeySet JsonWebKeySet::parse(const std::string& json) {
    JsonDocument document = JsonDocument::parse(json, kMaxBytes, 502, "invalid_jwks");
    auto keys = document.object().getArray("keys");
    if (!keys) throw OidcError(502, "invalid_jwks", "JWK Set has no \"keys\" array");
    JsonWebKeySet set;
    std::size_t examined = 0;
    for (std::size_t i = 0; i < keys->size() && examined < kMaxKeys; ++i, ++examined) {
        auto item = keys->getObject(static_cast<unsigned>(i));
        if (!item) continue;
        JsonDocument jwk(item);
        if (jwk.string("kty") != "RSA") continue;
        if (auto use = jwk.string("use"); use && *use != "sig") continue;
        if (auto alg = jwk.string("alg"); alg && *alg != "RS256") continue;
        if (jwk.has("kid") && !jwk.string("kid")) continue;
        std::string kid = jwk.string("kid").value_or("");
        auto n = jwk.string("n");
        auto e = jwk.string("e");
        if (!n || !e) continue;
        try {
            auto key = RsaPublicKey::fromModulusExponent(Base64Url::decode(*n, RsaPublicKey::kMaxModulusBits / 8 + 1),
                                                         Base64Url::decode(*e, 16));
            set._keys.emplace(kid, key);  // the first of duplicate kids wins
        } catch (const OidcError&) {
            continue;  // one unusable key must not hide the good ones
        }
    }
    return set;
}

Poco::SharedPtr<Poco::Crypto::RSAKey> JsonWebKeySet::find(const std::string& kid) const {
    if (kid.empty() && _keys.size() == 1) return _keys.begin()->second;
    auto it = _keys.find(kid);
    if (it == _keys.end()) return nullptr;
    return it->second;
}

}  // namespace sockstream::authgoogle
