#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/SharedPtr.h>

#include "oidc/JsonWebKeySet.h"
#include "oidc/ProviderHttp.h"
#include "oidc/ProviderMetadata.h"

namespace sockstream::authgoogle {

/// The provider's discovery document and signing keys, fetched on first use
/// and cached. A token signed with an unknown `kid` makes one JWKS refetch
/// (key rotation); failures are never cached. Thread-safe; fetches happen
/// outside the lock so one slow provider call does not serialise sign-ins.
class ProviderDirectory {
public:
    using Clock = std::chrono::steady_clock;

    ProviderDirectory(ProviderHttp& http, std::string issuer, std::chrono::seconds cacheFor);

    /// Throws OidcError when discovery fails.
    ProviderMetadata metadata();
    /// The key for `kid`, refetching the JWKS once when it is unknown; null if still unknown.
    Poco::SharedPtr<Poco::Crypto::RSAKey> signingKey(const std::string& kid);
    /// How many times the JWKS was fetched (for tests and logs).
    int jwksFetches() const;

private:
    std::shared_ptr<const JsonWebKeySet> fetchKeys();

    ProviderHttp& _http;
    const std::string _issuer;
    const std::chrono::seconds _cacheFor;
    mutable std::mutex _mutex;
    std::optional<ProviderMetadata> _metadata;
    Clock::time_point _metadataFetchedAt{};
    std::shared_ptr<const JsonWebKeySet> _keys;
    Clock::time_point _keysFetchedAt{};
    int _jwksFetches = 0;
};

}  // namespace sockstream::authgoogle
