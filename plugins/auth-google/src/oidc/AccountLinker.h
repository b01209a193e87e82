#pragma once

#include <optional>
#include <string>

#include "oidc/IdTokenClaims.h"

namespace sockstream {
class Identity;
}

namespace sockstream::authgoogle {

/// Turns a validated ID token into one of our users. Accounts are linked by
/// (issuer, sub) only: an email that belongs to an existing user is never
/// enough to sign in as that user. Linking a new provider account to an existing
/// user happens only when that user is signed in and started the flow.
class AccountLinker {
public:
    explicit AccountLinker(Identity& identity) : _identity(identity) {}

    /// Returns the user id to open a session for. Throws OidcError:
    /// email_in_use (409), account_linked_elsewhere (409), email_required (400).
    std::string resolveUser(const IdTokenClaims& claims, const std::optional<std::string>& signedInUserId);

private:
    void recordEmailVerified(const std::string& userId, const IdTokenClaims& claims);

    Identity& _identity;
};

}  // namespace sockstream::authgoogle
