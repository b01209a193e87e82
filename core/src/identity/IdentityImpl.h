#pragma once

#include <chrono>
#include <string>

#include <Poco/Logger.h>

#include "sockstream/data/Database.h"
#include "sockstream/identity/Identity.h"

namespace sockstream::core {

class EventBusImpl;

struct SessionPolicy {
    std::chrono::seconds lifetime{7 * 24 * 3600};
    std::chrono::seconds refreshAfter{24 * 3600};
    bool secureCookies = false;  ///< Secure attribute and __Secure- prefix (public URL is https)
};

/// Users, accounts and sessions in the core database. Session tokens are 256
/// random bits; only their SHA-256 is stored, so a leaked database does not
/// leak live sessions.
class IdentityImpl : public Identity {
public:
    IdentityImpl(Database& database, SessionPolicy policy, Poco::Logger& logger);

    static std::vector<Migration> migrations();

    std::optional<std::string> normalizeEmail(const std::string& email) const override;
    std::optional<User> findUserById(const std::string& userId) override;
    std::optional<User> findUserByEmail(const std::string& normalizedEmail) override;
    User createUser(const User& user, const LinkedAccount& account) override;
    void linkAccount(const LinkedAccount& account) override;
    std::optional<LinkedAccount> findAccount(const std::string& provider, const std::string& providerAccountId) override;
    void updateAccountSecret(const std::string& userId, const std::string& provider, const std::string& secret) override;
    void setEmailVerified(const std::string& userId, bool verified) override;

    IssuedSession createSession(const std::string& userId) override;
    std::optional<AuthenticatedUser> authenticate(const HttpRequest& request) override;
    void revokeSession(const HttpRequest& request) override;
    bool sessionActive(const std::string& sessionId) override;
    std::optional<std::int64_t> sessionExpiresAt(const std::string& sessionId) override;

    std::string sessionCookie(const IssuedSession& session) const override;
    std::string clearedSessionCookie() const override;
    std::string sessionCookieName() const override;

    /// Both possible cookie names, for the origin check (prefix depends on HTTPS).
    static std::vector<std::string> cookieNames();
    /// Where SignInSessionEnded is published (sign-out, an expired session
    /// presented); set once at start-up, before any request.
    void setEvents(EventBusImpl* events) { _events = events; }
    /// Deletes expired sessions; returns how many.
    int purgeExpiredSessions();

private:
    std::optional<User> findUser(const std::string& column, const std::string& value);
    std::string cookieFor(const std::string& token, std::int64_t maxAgeSeconds) const;
    void publishEnded(const std::string& sessionId, const std::string& userId, const char* reason);

    Database& _database;
    SessionPolicy _policy;
    Poco::Logger& _logger;
    EventBusImpl* _events = nullptr;
};

}  // namespace sockstream::core
