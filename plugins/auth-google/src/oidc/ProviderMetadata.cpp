#include "oidc/ProviderMetadata.h"

#include <algorithm>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "oidc/JsonDocument.h"
#include "oidc/OidcError.h"

namespace sockstream::authgoogle {

namespace {
[[noreturn]] void refuse(const std::string& why) { throw OidcError(502, "invalid_discovery", "discovery document: " + why); }

std::string requireHttpsUrl(const JsonDocument& document, const std::string& key) {
    auto value = document.string(key);
    if (!value || value->empty()) refuse("missing " + key);
    if (value->size() > 2048) refuse(key + " is too long");
    try {
        Poco::URI uri(*value);
        if (uri.getScheme() != "https" || uri.getHost().empty() || !uri.getFragment().empty())
            refuse(key + " must be an https URL without a fragment");
    } catch (const Poco::SyntaxException&) {
        refuse(key + " is not a URL");
    }
    return *value;
}
}  // namespace

ProviderMetadata ProviderMetadata::parse(const std::string& json, const std::string& expectedIssuer) {
    JsonDocument document = JsonDocument::parse(json, kMaxBytes, 502, "invalid_discovery");
    ProviderMetadata metadata;
    auto issuer = document.string("issuer");
    if (!issuer) refuse("missing issuer");
    if (*issuer != expectedIssuer) refuse("issuer \"" + issuer->substr(0, 200) + "\" is not the configured issuer");
    metadata.issuer = *issuer;
    metadata.authorizationEndpoint = requireHttpsUrl(document, "authorization_endpoint");
    metadata.tokenEndpoint = requireHttpsUrl(document, "token_endpoint");
    metadata.jwksUri = requireHttpsUrl(document, "jwks_uri");
    if (document.has("userinfo_endpoint")) metadata.userinfoEndpoint = requireHttpsUrl(document, "userinfo_endpoint");
    if (auto algs = document.stringArray("id_token_signing_alg_values_supported")) {
        if (std::find(algs->begin(), algs->end(), "RS256") == algs->end()) refuse("the provider does not sign ID tokens with RS256");
    }
    metadata.tokenEndpointAuthMethods = document.stringArray("token_endpoint_auth_methods_supported").value_or(std::vector<std::string>{});
    if (document.has("authorization_response_iss_parameter_supported")) {
        const auto value = document.object().get("authorization_response_iss_parameter_supported");
        metadata.issuerInAuthorizationResponse = value.isBoolean() && value.extract<bool>();
    }
    return metadata;
}

}  // namespace sockstream::authgoogle
