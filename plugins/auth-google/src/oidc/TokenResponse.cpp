#include "oidc/TokenResponse.h"

#include <algorithm>

#include <Poco/String.h>

#include "oidc/JsonDocument.h"
#include "oidc/OidcError.h"

namespace sockstream::authgoogle {

namespace {
[[noreturn]] void refuse(const std::string& why) { throw OidcError(502, "token_exchange_failed", "code exchange failed: " + why); }

// The provider's error code is echoed to the user: keep it to the RFC 6749 charset.
std::string printable(const std::string& text) {
    std::string out;
    for (char c : text.substr(0, 100)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
    return out;
}
}  // namespace

TokenResponse TokenResponse::parse(int httpStatus, const std::string& body) {
    std::optional<JsonDocument> document;
    try {
        document = JsonDocument::parse(body, kMaxBytes, 502, "token_exchange_failed");
    } catch (const OidcError& e) {
        if (httpStatus != 200) refuse("the provider answered HTTP " + std::to_string(httpStatus));
        refuse(e.what());
    }
    if (auto error = document->string("error")) refuse("the provider answered " + printable(*error));
    if (httpStatus != 200) refuse("the provider answered HTTP " + std::to_string(httpStatus));
    auto tokenType = document->string("token_type");
    if (tokenType && Poco::icompare(*tokenType, "bearer") != 0) refuse("unexpected token_type");
    auto idToken = document->string("id_token");
    if (!idToken || idToken->empty()) refuse("the answer has no id_token");
    TokenResponse response;
    response.idToken = *idToken;
    // Only ever sent back to the provider in a header: printable ASCII within a bound.
    if (auto accessToken = document->string("access_token");
        accessToken && !accessToken->empty() && accessToken->size() <= kMaxAccessTokenBytes &&
        std::all_of(accessToken->begin(), accessToken->end(), [](char c) { return c > 0x20 && c < 0x7f; }))
        response.accessToken = *accessToken;
    return response;
}

}  // namespace sockstream::authgoogle
