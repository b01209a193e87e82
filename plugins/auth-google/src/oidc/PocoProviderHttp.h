#pragma once

#include <chrono>
#include <string>

#include <Poco/Net/Context.h>

#include "oidc/ProviderHttp.h"

namespace sockstream::authgoogle {

/// ProviderHttp over Poco NetSSL with certificate and host name verification.
/// `caFile` empty trusts the system store; otherwise only that CA bundle.
/// Every call is bounded: connect timeout, per-read timeout and a total deadline.
class PocoProviderHttp : public ProviderHttp {
public:
    PocoProviderHttp(const std::string& caFile, std::chrono::milliseconds connectTimeout,
                     std::chrono::milliseconds readTimeout);

    ProviderHttpResponse get(const std::string& url, std::size_t maxBytes) override;
    ProviderHttpResponse getAuthorized(const std::string& url, const std::string& authorization,
                                       std::size_t maxBytes) override;
    ProviderHttpResponse postForm(const std::string& url, const std::string& formBody,
                                  const std::optional<std::string>& authorization,
                                  std::size_t maxBytes) override;

private:
    ProviderHttpResponse exchange(const std::string& method, const std::string& url, const std::string& body,
                                  const std::optional<std::string>& authorization, std::size_t maxBytes);

    Poco::Net::Context::Ptr _context;
    std::chrono::milliseconds _connectTimeout;
    std::chrono::milliseconds _readTimeout;
};

}  // namespace sockstream::authgoogle
