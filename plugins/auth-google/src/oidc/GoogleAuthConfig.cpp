#include "oidc/GoogleAuthConfig.h"

#include <algorithm>
#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

namespace sockstream::authgoogle {

namespace {
[[noreturn]] void invalid(const std::string& key, const std::string& why) {
    throw std::invalid_argument("auth-google config \"" + key + "\": " + why);
}

std::string optionalString(const Poco::JSON::Object& config, const std::string& key, const std::string& fallback) {
    if (!config.has(key)) return fallback;
    const auto value = config.get(key);
    if (!value.isString()) invalid(key, "must be a string");
    return value.extract<std::string>();
}

std::vector<std::string> optionalStrings(const Poco::JSON::Object& config, const std::string& key,
                                         std::vector<std::string> fallback) {
    if (!config.has(key)) return fallback;
    auto array = config.getArray(key);
    if (!array) invalid(key, "must be an array of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto item = array->get(static_cast<unsigned>(i));
        if (!item.isString() || item.extract<std::string>().empty()) invalid(key, "must be an array of non-empty strings");
        out.push_back(item.extract<std::string>());
    }
    return out;
}

long long optionalInteger(const Poco::JSON::Object& config, const std::string& key, long long fallback,
                          long long min, long long max) {
    if (!config.has(key)) return fallback;
    const auto value = config.get(key);
    if (!value.isInteger()) invalid(key, "must be an integer");
    long long n = value.convert<Poco::Int64>();
    if (n < min || n > max) invalid(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return n;
}

void requireUrl(const std::string& key, const std::string& url, bool httpsOnly) {
    try {
        Poco::URI uri(url);
        bool schemeOk = uri.getScheme() == "https" || (!httpsOnly && uri.getScheme() == "http");
        if (!schemeOk || uri.getHost().empty() || !uri.getFragment().empty())
            invalid(key, httpsOnly ? "must be an https URL" : "must be an http(s) URL");
    } catch (const Poco::SyntaxException&) {
        invalid(key, "is not a URL");
    }
}
}  // namespace

GoogleAuthConfig GoogleAuthConfig::fromJson(const Poco::JSON::Object& config, const std::string& publicUrl,
                                            const Environment& environment) {
    GoogleAuthConfig c;
    c.issuer = optionalString(config, "issuer", c.issuer);
    requireUrl("issuer", c.issuer, true);
    c.clientId = environment("SOCKSTREAM_GOOGLE_CLIENT_ID").value_or(optionalString(config, "clientId", ""));
    c.clientSecret = environment("SOCKSTREAM_GOOGLE_CLIENT_SECRET").value_or(optionalString(config, "clientSecret", ""));
    if (c.clientId.empty()) invalid("clientId", "is required (or set SOCKSTREAM_GOOGLE_CLIENT_ID)");
    if (c.clientSecret.empty()) invalid("clientSecret", "is required (or set SOCKSTREAM_GOOGLE_CLIENT_SECRET)");
    std::string base = publicUrl;
    while (!base.empty() && base.back() == '/') base.pop_back();
    c.redirectUrl = optionalString(config, "redirectUrl", base + "/api/auth/google/callback");
    requireUrl("redirectUrl", c.redirectUrl, false);
    c.scopes = optionalStrings(config, "scopes", c.scopes);
    if (std::find(c.scopes.begin(), c.scopes.end(), "openid") == c.scopes.end()) invalid("scopes", "must include \"openid\"");
    c.allowedHostedDomains = optionalStrings(config, "allowedHostedDomains", {});
    c.caFile = optionalString(config, "caFile", "");
    c.tokenEndpointAuthMethod = optionalString(config, "tokenEndpointAuthMethod", "");
    if (!c.tokenEndpointAuthMethod.empty() && c.tokenEndpointAuthMethod != "client_secret_basic" &&
        c.tokenEndpointAuthMethod != "client_secret_post")
        invalid("tokenEndpointAuthMethod", "must be client_secret_basic or client_secret_post");
    c.connectTimeout = std::chrono::milliseconds(optionalInteger(config, "connectTimeoutMs", 5000, 100, 60000));
    c.readTimeout = std::chrono::milliseconds(optionalInteger(config, "readTimeoutMs", 10000, 100, 60000));
    c.clockSkew = std::chrono::seconds(optionalInteger(config, "clockSkewSeconds", 60, 0, 600));
    c.maxTokenAge = std::chrono::seconds(optionalInteger(config, "maxTokenAgeSeconds", 600, 10, 86400));
    c.stateTtl = std::chrono::seconds(optionalInteger(config, "stateTtlSeconds", 600, 10, 3600));
    c.metadataCache = std::chrono::seconds(optionalInteger(config, "metadataCacheSeconds", 3600, 0, 86400));
    c.maxPendingLogins = static_cast<std::size_t>(optionalInteger(config, "maxPendingLogins", 10000, 1, 1000000));
    return c;
}

}  // namespace sockstream::authgoogle
