#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "oidc/ProviderHttp.h"

namespace sockstream::authgoogle {

/// What the UserInfo endpoint says about the signed-in user.
struct UserInfoClaims {
    std::optional<std::string> email;
    bool emailVerified = false;
};

/// The UserInfo endpoint (OpenID Connect Core 5.3). Standard providers put the
/// claims of the "email" scope there and not necessarily in the ID token, so a
/// token without an email is completed from it.
class UserInfo {
public:
    static constexpr std::size_t kMaxBytes = 64 * 1024;

    /// GET `endpoint` with the access token. Throws OidcError: provider_unreachable,
    /// userinfo_failed (an error answer, not a JSON object, or another user's claims).
    static UserInfoClaims fetch(ProviderHttp& http, const std::string& endpoint, const std::string& accessToken,
                                const std::string& expectedSubject);
    /// The answer must be about `expectedSubject` (5.3.2: "the sub Claim in the
    /// UserInfo Response MUST be verified to exactly match the sub Claim in the
    /// ID Token; if they do not match, the UserInfo Response values MUST NOT be used").
    static UserInfoClaims parse(int httpStatus, const std::string& body, const std::string& expectedSubject);
};

}  // namespace sockstream::authgoogle
