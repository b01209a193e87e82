#pragma once

#include <string>
#include <vector>

#include "sockstream/http/HttpRequest.h"

namespace sockstream::core {

/// Which browser requests come from our own pages (CSRF). A browser always
/// sends Origin on cross-site POSTs (and Sec-Fetch-Site on every request), and
/// a foreign page can forge neither. The one place that decides it: the
/// cookie-bound check of every write and the routes guarded by
/// RouteGuard::SameOriginJson (sign-in, sign-up, sign-out) both ask it.
class OriginPolicy {
public:
    OriginPolicy(std::string publicUrl, std::vector<std::string> allowedOrigins,
                 std::vector<std::string> sessionCookieNames);

    /// True when the request changes state, carries a session cookie and is crossSite().
    bool refuses(const HttpRequest& request) const;
    /// True when a browser sent the request for a page of another site: its
    /// Origin (or, without one, its Referer) is neither ours nor allowed, or,
    /// with neither, Sec-Fetch-Site is "cross-site". An allowed Origin wins over
    /// Sec-Fetch-Site, since the operator allowed that site. A request with none
    /// of the three comes from a non-browser client (curl, a script), which
    /// cannot carry a victim's cookies.
    bool crossSite(const HttpRequest& request) const;
    /// True when `origin` (an Origin header value) is ours or allowed, or the request's own host.
    bool allows(const std::string& origin, const HttpRequest& request) const;

    static std::string originOf(const std::string& url);

private:
    std::vector<std::string> _allowed;
    std::vector<std::string> _sessionCookieNames;
};

}  // namespace sockstream::core
