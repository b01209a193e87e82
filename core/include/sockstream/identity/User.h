#pragma once

#include <cstdint>
#include <string>

namespace sockstream {

struct User {
    std::string id;
    std::string name;
    std::string email;          ///< normalised (trimmed, case-folded)
    bool emailVerified = false;
    std::string image;
    std::int64_t createdAt = 0; ///< Unix milliseconds
};

/// A user's sign-in method: provider "credential" (password) or an OpenID
/// issuer; providerAccountId is the email for passwords, the `sub` for OIDC.
struct LinkedAccount {
    std::string userId;
    std::string provider;
    std::string providerAccountId;
    std::string secret;  ///< password hash (PHC string) for "credential"; empty otherwise
};

struct UserSession {
    std::string id;
    std::string userId;
    std::int64_t createdAt = 0;
    std::int64_t expiresAt = 0;
};

/// The bearer token is returned once, at creation; only its hash is stored.
struct IssuedSession {
    std::string token;
    UserSession session;
};

struct AuthenticatedUser {
    User user;
    UserSession session;
    /// Set when the session was refreshed: send it back as Set-Cookie.
    std::string refreshedCookie;
};

}  // namespace sockstream
