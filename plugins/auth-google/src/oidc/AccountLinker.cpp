#include "oidc/AccountLinker.h"

#include "oidc/OidcError.h"
#include "sockstream/identity/Identity.h"

namespace sockstream::authgoogle {

std::string AccountLinker::resolveUser(const IdTokenClaims& claims, const std::optional<std::string>& signedInUserId) {
    if (auto account = _identity.findAccount(claims.issuer, claims.subject)) {
        if (signedInUserId && *signedInUserId != account->userId)
            throw OidcError(409, "account_linked_elsewhere",
                            "This Google account is already linked to another user. Sign out and sign in with Google instead.");
        recordEmailVerified(account->userId, claims);
        return account->userId;
    }

    LinkedAccount account;
    account.provider = claims.issuer;
    account.providerAccountId = claims.subject;

    if (signedInUserId) {
        account.userId = *signedInUserId;
        _identity.linkAccount(account);
        recordEmailVerified(*signedInUserId, claims);
        return *signedInUserId;
    }

    std::optional<std::string> email = claims.email ? _identity.normalizeEmail(*claims.email) : std::nullopt;
    if (!email)
        throw OidcError(400, "email_required",
                        "The sign-in provider shared no usable email address, neither in its ID token nor from its "
                        "user information. Allow access to your email address when signing in, then try again.");
    User user;
    user.email = *email;
    user.emailVerified = claims.emailVerified;
    user.name = claims.name.empty() ? email->substr(0, email->find('@')) : claims.name;
    user.image = claims.picture;
    try {
        return _identity.createUser(user, account).id;
    } catch (const DuplicateEmail&) {
        throw OidcError(409, "email_in_use",
                        "An account with this email address already exists. Sign in with your password first, "
                        "then use \"Sign in with Google\" to link your Google account.");
    }
}

void AccountLinker::recordEmailVerified(const std::string& userId, const IdTokenClaims& claims) {
    if (!claims.emailVerified || !claims.email) return;
    auto email = _identity.normalizeEmail(*claims.email);
    auto user = _identity.findUserById(userId);
    // Only the address the provider vouches for is marked; never downgraded here.
    if (email && user && user->email == *email && !user->emailVerified) _identity.setEmailVerified(userId, true);
}

}  // namespace sockstream::authgoogle
