#include "oidc/ProviderDirectory.h"

#include "oidc/OidcError.h"

namespace sockstream::authgoogle {

ProviderDirectory::ProviderDirectory(ProviderHttp& http, std::string issuer, std::chrono::seconds cacheFor)
    : _http(http), _issuer(std::move(issuer)), _cacheFor(cacheFor) {}

ProviderMetadata ProviderDirectory::metadata() {
    {
        std::lock_guard lock(_mutex);
        if (_metadata && Clock::now() - _metadataFetchedAt < _cacheFor) return *_metadata;
    }
    // Discovery lives at the issuer plus the well-known suffix (Discovery 4.1).
    std::string base = _issuer;
    if (!base.empty() && base.back() == '/') base.pop_back();
    auto response = _http.get(base + "/.well-known/openid-configuration", ProviderMetadata::kMaxBytes);
    if (response.status != 200)
        throw OidcError(502, "invalid_discovery", "discovery document: the provider answered HTTP " + std::to_string(response.status));
    ProviderMetadata parsed = ProviderMetadata::parse(response.body, _issuer);
    std::lock_guard lock(_mutex);
    _metadata = parsed;
    _metadataFetchedAt = Clock::now();
    return parsed;
}

std::shared_ptr<const JsonWebKeySet> ProviderDirectory::fetchKeys() {
    const std::string jwksUri = metadata().jwksUri;
    auto response = _http.get(jwksUri, JsonWebKeySet::kMaxBytes);
    if (response.status != 200)
        throw OidcError(502, "invalid_jwks", "signing keys: the provider answered HTTP " + std::to_string(response.status));
    auto keys = std::make_shared<const JsonWebKeySet>(JsonWebKeySet::parse(response.body));
    std::lock_guard lock(_mutex);
    _keys = keys;
    _keysFetchedAt = Clock::now();
    ++_jwksFetches;
    return keys;
}

Poco::SharedPtr<Poco::Crypto::RSAKey> ProviderDirectory::signingKey(const std::string& kid) {
    std::shared_ptr<const JsonWebKeySet> keys;
    {
        std::lock_guard lock(_mutex);
        if (_keys && Clock::now() - _keysFetchedAt < _cacheFor) keys = _keys;
    }
    if (keys) {
        if (auto key = keys->find(kid)) return key;
    }
    return fetchKeys()->find(kid);
}

int ProviderDirectory::jwksFetches() const {
    std::lock_guard lock(_mutex);
    return _jwksFetches;
}

}  // namespace sockstream::authgoogle
