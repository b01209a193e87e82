#include "oidc/UserInfo.h"

#include "oidc/JsonDocument.h"
#include "oidc/OidcError.h"

namespace sockstream::authgoogle {

namespace {
[[noreturn]] void refuse(const std::string& why) {
    throw OidcError(502, "userinfo_failed", "The sign-in provider's user information could not be used: " + why + ".");
}
}  // namespace

UserInfoClaims UserInfo::fetch(ProviderHttp& http, const std::string& endpoint, const std::string& accessToken,
                               const std::string& expectedSubject) {
    const auto response = http.getAuthorized(endpoint, "Bearer " + accessToken, kMaxBytes);
    return parse(response.status, response.body, expectedSubject);
}

UserInfoClaims UserInfo::parse(int httpStatus, const std::string& body, const std::string& expectedSubject) {
    if (httpStatus != 200) refuse("the provider answered HTTP " + std::to_string(httpStatus));
    std::optional<JsonDocument> document;
    try {
        document = JsonDocument::parse(body, kMaxBytes, 502, "userinfo_failed");
    } catch (const OidcError& e) {
        refuse(std::string("the answer is not a JSON object (") + e.what() + ")");
    }
    const auto subject = document->string("sub");
    if (!subject || *subject != expectedSubject) refuse("it describes another account than the ID token");
    UserInfoClaims claims;
    claims.email = document->string("email");
    if (claims.email && (claims.email->empty() || claims.email->size() > 320)) claims.email.reset();
    claims.emailVerified = document->isTrue("email_verified");
    return claims;
}

}  // namespace sockstream::authgoogle
