#include "oidc/GoogleAuthConfig.h"

#include <algorithm>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "sockstream-config/ConfigSection.h"

namespace sockstream::authgoogle {

namespace {
using lib::config::ConfigSection;

void requireUrl(const ConfigSection& config, const std::string& key, const std::string& url, bool httpsOnly) {
    try {
        Poco::URI uri(url);
        bool schemeOk = uri.getScheme() == "https" || (!httpsOnly && uri.getScheme() == "http");
        if (!schemeOk || uri.getHost().empty() || !uri.getFragment().empty())
            config.fail(key, httpsOnly ? "must be an https URL" : "must be an http(s) URL");
    } catch (const Poco::SyntaxException&) {
        config.fail(key, "is not a URL");
    }
}
}  // namespace

GoogleAuthConfig GoogleAuthConfig::fromJson(const Poco::JSON::Object& json, const std::string& publicUrl,
                                            const Environment& environment) {
    const ConfigSection config(json);
    config.allowOnly({"issuer", "clientId", "clientSecret", "redirectUrl", "scopes", "allowedHostedDomains", "caFile",
                      "tokenEndpointAuthMethod", "connectTimeoutMs", "readTimeoutMs", "clockSkewSeconds",
                      "maxTokenAgeSeconds", "stateTtlSeconds", "metadataCacheSeconds", "maxPendingLogins"});
    GoogleAuthConfig c;
    c.issuer = config.string("issuer", c.issuer);
    requireUrl(config, "issuer", c.issuer, true);
    c.clientId = environment("SOCKSTREAM_GOOGLE_CLIENT_ID").value_or(config.string("clientId", ""));
    c.clientSecret = environment("SOCKSTREAM_GOOGLE_CLIENT_SECRET").value_or(config.string("clientSecret", ""));
    if (c.clientId.empty()) config.fail("clientId", "is required (or set SOCKSTREAM_GOOGLE_CLIENT_ID)");
    if (c.clientSecret.empty()) config.fail("clientSecret", "is required (or set SOCKSTREAM_GOOGLE_CLIENT_SECRET)");
    std::string base = publicUrl;
    while (!base.empty() && base.back() == '/') base.pop_back();
    c.redirectUrl = config.string("redirectUrl", base + "/api/auth/google/callback");
    requireUrl(config, "redirectUrl", c.redirectUrl, false);
    c.scopes = config.strings("scopes", c.scopes, true);
    if (std::find(c.scopes.begin(), c.scopes.end(), "openid") == c.scopes.end())
        config.fail("scopes", "must include \"openid\"");
    c.allowedHostedDomains = config.strings("allowedHostedDomains", {}, true);
    c.caFile = config.string("caFile", "");
    c.tokenEndpointAuthMethod = config.string("tokenEndpointAuthMethod", "");
    if (!c.tokenEndpointAuthMethod.empty() && c.tokenEndpointAuthMethod != "client_secret_basic" &&
        c.tokenEndpointAuthMethod != "client_secret_post")
        config.fail("tokenEndpointAuthMethod", "must be client_secret_basic or client_secret_post");
    c.connectTimeout = std::chrono::milliseconds(config.integer("connectTimeoutMs", 5000, 100, 60000));
    c.readTimeout = std::chrono::milliseconds(config.integer("readTimeoutMs", 10000, 100, 60000));
    c.clockSkew = std::chrono::seconds(config.integer("clockSkewSeconds", 60, 0, 600));
    c.maxTokenAge = std::chrono::seconds(config.integer("maxTokenAgeSeconds", 600, 10, 86400));
    c.stateTtl = std::chrono::seconds(config.integer("stateTtlSeconds", 600, 10, 3600));
    c.metadataCache = std::chrono::seconds(config.integer("metadataCacheSeconds", 3600, 0, 86400));
    c.maxPendingLogins = static_cast<std::size_t>(config.integer("maxPendingLogins", 10000, 1, 1000000));
    return c;
}

}  // namespace sockstream::authgoogle
