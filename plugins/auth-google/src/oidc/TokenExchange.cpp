#include "oidc/TokenExchange.h"

#include <algorithm>

#include "oidc/FormEncoding.h"
#include "oidc/OidcError.h"

#include <Poco/Base64Encoder.h>
#include <sstream>

namespace sockstream::authgoogle {

std::string TokenExchange::authMethod(const GoogleAuthConfig& config, const ProviderMetadata& metadata) {
    if (!config.tokenEndpointAuthMethod.empty()) return config.tokenEndpointAuthMethod;
    const auto& supported = metadata.tokenEndpointAuthMethods;
    bool basic = supported.empty() || std::find(supported.begin(), supported.end(), "client_secret_basic") != supported.end();
    return basic ? "client_secret_basic" : "client_secret_post";
}

TokenResponse TokenExchange::redeem(ProviderHttp& http, const ProviderMetadata& metadata, const GoogleAuthConfig& config,
                                    const std::string& code, const std::string& codeVerifier) {
    if (code.empty() || code.size() > kMaxCodeBytes) throw OidcError(400, "invalid_request", "the authorization code is missing or too long");
    FormEncoding::Fields fields{
        {"grant_type", "authorization_code"},
        {"code", code},
        {"redirect_uri", config.redirectUrl},
        {"code_verifier", codeVerifier},
    };
    std::optional<std::string> authorization;
    if (authMethod(config, metadata) == "client_secret_basic") {
        // RFC 6749 2.3.1: both parts are form-encoded before Basic encoding.
        std::ostringstream encoded;
        Poco::Base64Encoder encoder(encoded);
        encoder.rdbuf()->setLineLength(0);
        encoder << FormEncoding::encodeComponent(config.clientId) << ':' << FormEncoding::encodeComponent(config.clientSecret);
        encoder.close();
        authorization = "Basic " + encoded.str();
    } else {
        fields.emplace_back("client_id", config.clientId);
        fields.emplace_back("client_secret", config.clientSecret);
    }
    auto response = http.postForm(metadata.tokenEndpoint, FormEncoding::encode(fields), authorization, TokenResponse::kMaxBytes);
    return TokenResponse::parse(response.status, response.body);
}

}  // namespace sockstream::authgoogle
