#pragma once

#include <optional>
#include <string>

namespace sockstream::authgoogle {

struct ProviderHttpResponse {
    int status = 0;
    std::string body;
};

/// Blocking HTTPS calls to the OpenID Provider. An interface so the directory
/// and token exchange can be tested without a network.
class ProviderHttp {
public:
    virtual ~ProviderHttp() = default;
    /// Throws OidcError(provider_unreachable) on connection, TLS or timeout failure,
    /// or when the body exceeds maxBytes.
    virtual ProviderHttpResponse get(const std::string& url, std::size_t maxBytes) = 0;
    /// A GET with an Authorization header (the UserInfo endpoint's "Bearer <access token>").
    virtual ProviderHttpResponse getAuthorized(const std::string& url, const std::string& authorization,
                                               std::size_t maxBytes) = 0;
    virtual ProviderHttpResponse postForm(const std::string& url, const std::string& formBody,
                                          const std::optional<std::string>& authorization,
                                          std::size_t maxBytes) = 0;
};

}  // namespace sockstream::authgoogle
