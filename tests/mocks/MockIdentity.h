#pragma once

#include <gmock/gmock.h>

#include "sockstream/identity/Identity.h"

namespace sockstream::mocks {

class MockIdentity : public Identity {
public:
    MOCK_METHOD(std::optional<std::string>, normalizeEmail, (const std::string& email), (const, override));
    MOCK_METHOD(std::optional<User>, findUserById, (const std::string& userId), (override));
    MOCK_METHOD(std::optional<User>, findUserByEmail, (const std::string& normalizedEmail), (override));
    MOCK_METHOD(User, createUser, (const User& user, const LinkedAccount& account), (override));
    MOCK_METHOD(void, linkAccount, (const LinkedAccount& account), (override));
    MOCK_METHOD(std::optional<LinkedAccount>, findAccount,
                (const std::string& provider, const std::string& providerAccountId), (override));
    MOCK_METHOD(void, updateAccountSecret,
                (const std::string& userId, const std::string& provider, const std::string& secret), (override));
    MOCK_METHOD(void, setEmailVerified, (const std::string& userId, bool verified), (override));
    MOCK_METHOD(IssuedSession, createSession, (const std::string& userId), (override));
    MOCK_METHOD(std::optional<AuthenticatedUser>, authenticate, (const HttpRequest& request), (override));
    MOCK_METHOD(void, revokeSession, (const HttpRequest& request), (override));
    MOCK_METHOD(bool, sessionActive, (const std::string& sessionId), (override));
    MOCK_METHOD(std::string, sessionCookie, (const IssuedSession& session), (const, override));
    MOCK_METHOD(std::string, clearedSessionCookie, (), (const, override));
    MOCK_METHOD(std::string, sessionCookieName, (), (const, override));
};

}  // namespace sockstream::mocks
