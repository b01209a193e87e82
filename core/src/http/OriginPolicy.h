#pragma once

#include <string>
#include <vector>

#include "sockstream/http/HttpRequest.h"

namespace sockstream::core {

/// Refuses cookie-bearing writes from foreign origins (CSRF): a browser always
/// sends Origin on cross-site POSTs, and a foreign page cannot forge it.
class OriginPolicy {
public:
    OriginPolicy(std::string publicUrl, std::vector<std::string> allowedOrigins,
                 std::vector<std::string> sessionCookieNames);

    /// True when the request changes state, carries a session cookie and comes
    /// from an origin that is neither ours nor allowed.
    bool refuses(const HttpRequest& request) const;
    /// True when `origin` (an Origin header value) is ours or allowed, or the request's own host.
    bool allows(const std::string& origin, const HttpRequest& request) const;

    static std::string originOf(const std::string& url);

private:
    std::vector<std::string> _allowed;
    std::vector<std::string> _sessionCookieNames;
};

}  // namespace sockstream::core
