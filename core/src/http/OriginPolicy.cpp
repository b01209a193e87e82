#include "http/OriginPolicy.h"

#include <algorithm>

#include "util/Text.h"

namespace sockstream::core {

OriginPolicy::OriginPolicy(std::string publicUrl, std::vector<std::string> allowedOrigins,
                           std::vector<std::string> sessionCookieNames)
    : _sessionCookieNames(std::move(sessionCookieNames)) {
    if (!publicUrl.empty()) _allowed.push_back(originOf(publicUrl));
    for (auto& origin : allowedOrigins) _allowed.push_back(originOf(origin));
}

std::string OriginPolicy::originOf(const std::string& url) {
    std::size_t scheme = url.find("://");
    if (scheme == std::string::npos) return toLower(url);
    std::size_t pathStart = url.find('/', scheme + 3);
    return toLower(url.substr(0, pathStart));
}

bool OriginPolicy::allows(const std::string& origin, const HttpRequest& request) const {
    std::string normalized = toLower(trim(origin));
    if (std::find(_allowed.begin(), _allowed.end(), normalized) != _allowed.end()) return true;
    if (auto host = request.header("Host")) {
        std::string lowerHost = toLower(*host);
        if (normalized == "http://" + lowerHost || normalized == "https://" + lowerHost) return true;
    }
    return false;
}

bool OriginPolicy::refuses(const HttpRequest& request) const {
    const std::string& method = request.method;
    if (method == "GET" || method == "HEAD" || method == "OPTIONS") return false;
    bool hasSession = std::any_of(_sessionCookieNames.begin(), _sessionCookieNames.end(),
                                  [&](const std::string& name) { return request.cookie(name).has_value(); });
    return hasSession && crossSite(request);
}

bool OriginPolicy::crossSite(const HttpRequest& request) const {
    if (auto origin = request.header("Origin")) return !allows(*origin, request);
    if (auto fetchSite = request.header("Sec-Fetch-Site"); fetchSite && equalsIgnoreCase(trim(*fetchSite), "cross-site"))
        return true;
    // Old browsers omit Origin on same-origin posts; fall back to Referer when present.
    auto referer = request.header("Referer");
    return referer && !allows(originOf(*referer), request);
}

}  // namespace sockstream::core
