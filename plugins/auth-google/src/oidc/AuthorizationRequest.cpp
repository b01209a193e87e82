#include "oidc/AuthorizationRequest.h"

#include "oidc/FormEncoding.h"

namespace sockstream::authgoogle {

std::string AuthorizationRequest::url(const std::string& authorizationEndpoint, const GoogleAuthConfig& config,
                                      const std::string& state, const std::string& nonce,
                                      const std::string& codeChallenge) {
    std::string scope;
    for (const auto& s : config.scopes) scope += (scope.empty() ? "" : " ") + s;
    FormEncoding::Fields fields{
        {"response_type", "code"},
        {"client_id", config.clientId},
        {"redirect_uri", config.redirectUrl},
        {"scope", scope},
        {"state", state},
        {"nonce", nonce},
        {"code_challenge", codeChallenge},
        {"code_challenge_method", "S256"},
    };
    // Google's hint to show only accounts of that domain; the ID token check is what enforces it.
    if (config.allowedHostedDomains.size() == 1) fields.emplace_back("hd", config.allowedHostedDomains.front());
    const char separator = authorizationEndpoint.find('?') == std::string::npos ? '?' : '&';
    return authorizationEndpoint + separator + FormEncoding::encode(fields);
}

}  // namespace sockstream::authgoogle
