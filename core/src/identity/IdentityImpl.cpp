#include "identity/IdentityImpl.h"

#include "events/EventBusImpl.h"
#include "sockstream/events/IdentityEvents.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/UTF8String.h>
#include <Poco/UnicodeConverter.h>

#include "sockstream/util/Random.h"
#include "util/Text.h"

using namespace Poco::Data::Keywords;

namespace sockstream::core {

namespace {

constexpr const char* kCookieBaseName = "sockstream_session";

bool isEmailLocalChar(unsigned char c) {
    if (c >= 0x80) return true;  // internationalised local parts (RFC 6531)
    if (std::isalnum(c)) return true;
    return std::string_view("!#$%&'*+-/=?^_`{|}~.").find(static_cast<char>(c)) != std::string_view::npos;
}

bool isDomainChar(unsigned char c) { return c >= 0x80 || std::isalnum(c) || c == '-' || c == '.'; }

User userFromRow(Poco::Data::RecordSet& rows) {
    User user;
    user.id = rows["id"].convert<std::string>();
    user.name = rows["name"].convert<std::string>();
    user.email = rows["email"].convert<std::string>();
    user.emailVerified = rows["email_verified"].convert<int>() != 0;
    user.image = rows["image"].convert<std::string>();
    user.createdAt = rows["created_at"].convert<std::int64_t>();
    return user;
}

}  // namespace

IdentityImpl::IdentityImpl(Database& database, SessionPolicy policy, Poco::Logger& logger)
    : _database(database), _policy(policy), _logger(logger) {}

std::vector<Migration> IdentityImpl::migrations() {
    return {
        {1, "users, linked accounts and sessions",
         "CREATE TABLE users ("
         "  id TEXT PRIMARY KEY,"
         "  name TEXT NOT NULL,"
         "  email TEXT NOT NULL UNIQUE,"
         "  email_verified INTEGER NOT NULL DEFAULT 0,"
         "  image TEXT NOT NULL DEFAULT '',"
         "  created_at BIGINT NOT NULL,"
         "  updated_at BIGINT NOT NULL);"
         "CREATE TABLE accounts ("
         "  provider TEXT NOT NULL,"
         "  provider_account_id TEXT NOT NULL,"
         "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
         "  secret TEXT NOT NULL DEFAULT '',"
         "  created_at BIGINT NOT NULL,"
         "  PRIMARY KEY (provider, provider_account_id));"
         "CREATE INDEX accounts_by_user ON accounts(user_id);"
         "CREATE TABLE sessions ("
         "  id TEXT PRIMARY KEY,"
         "  token_hash TEXT NOT NULL UNIQUE,"
         "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
         "  created_at BIGINT NOT NULL,"
         "  refreshed_at BIGINT NOT NULL,"
         "  expires_at BIGINT NOT NULL);"
         "CREATE INDEX sessions_by_user ON sessions(user_id)"},
    };
}

std::optional<std::string> IdentityImpl::normalizeEmail(const std::string& email) const {
    std::string trimmed = trim(email);
    if (trimmed.empty() || trimmed.size() > 254) return std::nullopt;
    std::string folded;
    try {
        folded = Poco::UTF8::toLower(trimmed);
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
    std::size_t at = folded.find('@');
    if (at == std::string::npos || at == 0 || at > 64 || folded.find('@', at + 1) != std::string::npos) return std::nullopt;
    std::string_view local(folded.data(), at);
    std::string_view domain(folded.data() + at + 1, folded.size() - at - 1);
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return std::nullopt;
    for (unsigned char c : local) if (!isEmailLocalChar(c)) return std::nullopt;
    if (domain.size() < 3 || domain.find('.') == std::string_view::npos) return std::nullopt;
    if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos) return std::nullopt;
    if (domain.front() == '-' || domain.back() == '-') return std::nullopt;
    for (unsigned char c : domain) if (!isDomainChar(c)) return std::nullopt;
    return folded;
}

std::optional<User> IdentityImpl::findUser(const std::string& column, const std::string& value) {
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement select(session);
    std::string key = value;
    select << "SELECT id, name, email, email_verified, image, created_at FROM users WHERE " + column + " = ?",
        use(key), now;
    Poco::Data::RecordSet rows(select);
    if (rows.rowCount() == 0) return std::nullopt;
    rows.moveFirst();
    return userFromRow(rows);
}

std::optional<User> IdentityImpl::findUserById(const std::string& userId) { return findUser("id", userId); }

std::optional<User> IdentityImpl::findUserByEmail(const std::string& normalizedEmail) {
    return findUser("email", normalizedEmail);
}

User IdentityImpl::createUser(const User& input, const LinkedAccount& input_account) {
    User user = input;
    user.id = secureRandomToken(12);
    user.createdAt = nowMillis();
    LinkedAccount account = input_account;
    account.userId = user.id;
    int verified = user.emailVerified ? 1 : 0;
    std::int64_t at = user.createdAt;

    Poco::Data::Session session = _database.session();
    try {
        // Writes first, no SELECT before them: on SQLite a transaction that
        // reads first cannot wait its turn to write (another connection's
        // commit meanwhile fails it at once with "database is locked"); a
        // taken email is caught by the UNIQUE index below instead.
        session.begin();
        session << "INSERT INTO users (id, name, email, email_verified, image, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?)",
            use(user.id), use(user.name), use(user.email), use(verified), use(user.image), use(at), use(at), now;
        session << "INSERT INTO accounts (provider, provider_account_id, user_id, secret, created_at)"
                   " VALUES (?, ?, ?, ?, ?)",
            use(account.provider), use(account.providerAccountId), use(account.userId), use(account.secret), use(at),
            now;
        session.commit();
    } catch (const Poco::Exception& error) {
        if (session.isTransaction()) session.rollback();
        // A concurrent sign-up with the same email loses the race on the UNIQUE index
        // (SQLite: "UNIQUE constraint failed", PostgreSQL: "violates unique constraint").
        const std::string reason = error.displayText();
        if (reason.find("UNIQUE") != std::string::npos || reason.find("unique constraint") != std::string::npos)
            throw DuplicateEmail();
        throw;
    }
    _logger.information("identity: created user %s via %s", user.id, account.provider);
    return user;
}

void IdentityImpl::linkAccount(const LinkedAccount& input) {
    LinkedAccount account = input;
    std::int64_t at = nowMillis();
    Poco::Data::Session session = _database.session();
    session << "INSERT INTO accounts (provider, provider_account_id, user_id, secret, created_at) VALUES (?, ?, ?, ?, ?)",
        use(account.provider), use(account.providerAccountId), use(account.userId), use(account.secret), use(at), now;
}

std::optional<LinkedAccount> IdentityImpl::findAccount(const std::string& provider, const std::string& providerAccountId) {
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement select(session);
    std::string p = provider, id = providerAccountId;
    select << "SELECT user_id, secret FROM accounts WHERE provider = ? AND provider_account_id = ?", use(p), use(id), now;
    Poco::Data::RecordSet rows(select);
    if (rows.rowCount() == 0) return std::nullopt;
    rows.moveFirst();
    return LinkedAccount{rows["user_id"].convert<std::string>(), provider, providerAccountId,
                         rows["secret"].convert<std::string>()};
}

void IdentityImpl::updateAccountSecret(const std::string& userId, const std::string& provider, const std::string& secret) {
    Poco::Data::Session session = _database.session();
    std::string u = userId, p = provider, s = secret;
    session << "UPDATE accounts SET secret = ? WHERE user_id = ? AND provider = ?", use(s), use(u), use(p), now;
}

void IdentityImpl::setEmailVerified(const std::string& userId, bool verified) {
    Poco::Data::Session session = _database.session();
    std::string u = userId;
    int v = verified ? 1 : 0;
    std::int64_t at = nowMillis();
    session << "UPDATE users SET email_verified = ?, updated_at = ? WHERE id = ?", use(v), use(at), use(u), now;
}

IssuedSession IdentityImpl::createSession(const std::string& userId) {
    IssuedSession issued;
    issued.token = secureRandomToken(32);
    issued.session.id = secureRandomToken(12);
    issued.session.userId = userId;
    issued.session.createdAt = nowMillis();
    issued.session.expiresAt = issued.session.createdAt +
                               std::chrono::duration_cast<std::chrono::milliseconds>(_policy.lifetime).count();
    std::string hash = sha256Hex(issued.token);
    Poco::Data::Session session = _database.session();
    session << "INSERT INTO sessions (id, token_hash, user_id, created_at, refreshed_at, expires_at)"
               " VALUES (?, ?, ?, ?, ?, ?)",
        use(issued.session.id), use(hash), use(issued.session.userId), use(issued.session.createdAt),
        use(issued.session.createdAt), use(issued.session.expiresAt), now;
    return issued;
}

std::optional<AuthenticatedUser> IdentityImpl::authenticate(const HttpRequest& request) {
    auto token = request.cookie(sessionCookieName());
    if (!token || token->empty() || token->size() > 256) return std::nullopt;
    std::string hash = sha256Hex(*token);

    Poco::Data::Session session = _database.session();
    Poco::Data::Statement select(session);
    select << "SELECT s.id AS session_id, s.created_at AS session_created, s.refreshed_at, s.expires_at,"
              " u.id, u.name, u.email, u.email_verified, u.image, u.created_at"
              " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
        use(hash), now;
    Poco::Data::RecordSet rows(select);
    if (rows.rowCount() == 0) return std::nullopt;
    rows.moveFirst();

    std::int64_t current = nowMillis();
    AuthenticatedUser result;
    result.user = userFromRow(rows);
    result.session.id = rows["session_id"].convert<std::string>();
    result.session.userId = result.user.id;
    result.session.createdAt = rows["session_created"].convert<std::int64_t>();
    result.session.expiresAt = rows["expires_at"].convert<std::int64_t>();
    std::int64_t refreshedAt = rows["refreshed_at"].convert<std::int64_t>();

    if (result.session.expiresAt <= current) {
        session << "DELETE FROM sessions WHERE token_hash = ?", use(hash), now;
        publishEnded(result.session.id, result.user.id, "expired");
        return std::nullopt;
    }
    auto refreshAfterMs = std::chrono::duration_cast<std::chrono::milliseconds>(_policy.refreshAfter).count();
    if (current - refreshedAt >= refreshAfterMs) {
        std::int64_t lifetimeMs = std::chrono::duration_cast<std::chrono::milliseconds>(_policy.lifetime).count();
        result.session.expiresAt = current + lifetimeMs;
        session << "UPDATE sessions SET refreshed_at = ?, expires_at = ? WHERE token_hash = ?", use(current),
            use(result.session.expiresAt), use(hash), now;
        result.refreshedCookie = cookieFor(*token, lifetimeMs / 1000);
    }
    return result;
}

void IdentityImpl::revokeSession(const HttpRequest& request) {
    auto token = request.cookie(sessionCookieName());
    if (!token || token->empty()) return;
    std::string hash = sha256Hex(*token);
    Poco::Data::Session session = _database.session();
    // Which session it was, for those holding it open (SignInSessionEnded).
    std::vector<std::string> ids, users;
    session << "SELECT id, user_id FROM sessions WHERE token_hash = ?", use(hash), into(ids), into(users), now;
    session << "DELETE FROM sessions WHERE token_hash = ?", use(hash), now;
    for (std::size_t i = 0; i < ids.size() && i < users.size(); ++i) publishEnded(ids[i], users[i], "signed_out");
}

std::optional<std::int64_t> IdentityImpl::sessionExpiresAt(const std::string& sessionId) {
    if (sessionId.empty()) return std::nullopt;
    std::string id = sessionId;
    std::vector<std::int64_t> expires;
    Poco::Data::Session session = _database.session();
    session << "SELECT expires_at FROM sessions WHERE id = ?", use(id), into(expires), now;
    if (expires.empty() || expires.front() <= nowMillis()) return std::nullopt;
    return expires.front();
}

void IdentityImpl::publishEnded(const std::string& sessionId, const std::string& userId, const char* reason) {
    if (!_events) return;
    SignInSessionEnded ended;
    ended.sessionId = sessionId;
    ended.userId = userId;
    ended.reason = reason;
    try {
        _events->publish(SignInSessionEnded::kTopic, ended);
    } catch (const std::exception& e) {
        // The session is gone either way; a subscriber's failure must not fail the sign-out.
        _logger.warning("identity: telling subscribers that a session ended failed: %s", std::string(e.what()));
    }
}

bool IdentityImpl::sessionActive(const std::string& sessionId) {
    if (sessionId.empty()) return false;
    std::string id = sessionId;
    std::vector<std::int64_t> expires;
    Poco::Data::Session session = _database.session();
    session << "SELECT expires_at FROM sessions WHERE id = ?", use(id), into(expires), now;
    return !expires.empty() && expires.front() > nowMillis();
}

int IdentityImpl::purgeExpiredSessions() {
    std::int64_t current = nowMillis();
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement remove(session);
    remove << "DELETE FROM sessions WHERE expires_at <= ?", use(current);
    return static_cast<int>(remove.execute());
}

std::string IdentityImpl::sessionCookieName() const {
    return _policy.secureCookies ? std::string("__Secure-") + kCookieBaseName : std::string(kCookieBaseName);
}

std::vector<std::string> IdentityImpl::cookieNames() {
    return {kCookieBaseName, std::string("__Secure-") + kCookieBaseName};
}

std::string IdentityImpl::cookieFor(const std::string& token, std::int64_t maxAgeSeconds) const {
    std::string cookie = sessionCookieName() + "=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                         std::to_string(maxAgeSeconds);
    if (_policy.secureCookies) cookie += "; Secure";
    return cookie;
}

std::string IdentityImpl::sessionCookie(const IssuedSession& session) const {
    return cookieFor(session.token, std::chrono::duration_cast<std::chrono::seconds>(_policy.lifetime).count());
}

std::string IdentityImpl::clearedSessionCookie() const { return cookieFor("", 0); }

}  // namespace sockstream::core
