#pragma once

#include <optional>
#include <string>

namespace sockstream::authgoogle {

/// What a validated ID token tells us about the user.
struct IdTokenClaims {
    std::string issuer;
    std::string subject;            ///< the stable account id at the issuer
    std::optional<std::string> email;
    bool emailVerified = false;
    std::optional<std::string> hostedDomain;  ///< Google's `hd`
    std::string name;
    std::string picture;
};

}  // namespace sockstream::authgoogle
