#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

#include "sockstream/http/HttpRequest.h"
#include "sockstream/identity/User.h"

namespace sockstream {

class DuplicateEmail : public std::runtime_error {
public:
    DuplicateEmail() : std::runtime_error("an account with this email already exists") {}
};

/// Users, linked provider accounts and sessions, owned by core so that auth
/// providers are interchangeable. All methods may block on the database:
/// call them from Dispatch::Worker handlers or Scheduler::postBlocking.
class Identity {
public:
    virtual ~Identity() = default;

    /// Trims and case-folds; returns nullopt when it is not a plausible address.
    virtual std::optional<std::string> normalizeEmail(const std::string& email) const = 0;

    virtual std::optional<User> findUserById(const std::string& userId) = 0;
    virtual std::optional<User> findUserByEmail(const std::string& normalizedEmail) = 0;
    /// Creates user and account in one transaction. Throws DuplicateEmail.
    virtual User createUser(const User& user, const LinkedAccount& account) = 0;
    /// Links another provider account to an existing user.
    virtual void linkAccount(const LinkedAccount& account) = 0;
    virtual std::optional<LinkedAccount> findAccount(const std::string& provider,
                                                     const std::string& providerAccountId) = 0;
    virtual void updateAccountSecret(const std::string& userId, const std::string& provider,
                                     const std::string& secret) = 0;
    virtual void setEmailVerified(const std::string& userId, bool verified) = 0;

    virtual IssuedSession createSession(const std::string& userId) = 0;
    /// The signed-in user of a request (session cookie), refreshing it when due.
    virtual std::optional<AuthenticatedUser> authenticate(const HttpRequest& request) = 0;
    /// Revokes the session the request carries, if any.
    virtual void revokeSession(const HttpRequest& request) = 0;
    /// True while the session (AuthenticatedUser::session.id) exists and has
    /// not expired; never refreshes it. For connections that outlive the
    /// request that signed them in (chat), so a sign-out elsewhere ends them.
    /// The default, for test doubles, says yes.
    virtual bool sessionActive(const std::string& sessionId) {
        (void)sessionId;
        return true;
    }
    /// When the session expires (Unix ms; it moves later when the session is
    /// refreshed), nullopt once it has ended. Never refreshes it. For holders
    /// that watch the expiry themselves and follow SignInSessionEnded
    /// (sockstream/events/IdentityEvents.h) for the rest. The default, for
    /// test doubles, asks sessionActive and says "never" when active.
    virtual std::optional<std::int64_t> sessionExpiresAt(const std::string& sessionId) {
        if (!sessionActive(sessionId)) return std::nullopt;
        return std::numeric_limits<std::int64_t>::max();
    }

    /// Set-Cookie values for a new session and for signing out.
    virtual std::string sessionCookie(const IssuedSession& session) const = 0;
    virtual std::string clearedSessionCookie() const = 0;
    virtual std::string sessionCookieName() const = 0;
};

}  // namespace sockstream
