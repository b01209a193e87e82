#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

#include "oidc/AccountLinker.h"
#include "oidc/OidcError.h"
#include "sockstream/identity/Identity.h"

using namespace sockstream;
using namespace sockstream::authgoogle;

namespace {
/// An in-memory Identity with the core's contract: createUser is atomic and
/// throws DuplicateEmail without writing anything.
class MemoryIdentity : public Identity {
public:
    std::map<std::string, User> users;
    std::vector<LinkedAccount> accounts;
    int nextId = 1;

    std::optional<std::string> normalizeEmail(const std::string& email) const override {
        if (email.find('@') == std::string::npos) return std::nullopt;
        std::string out = email;
        std::transform(out.begin(), out.end(), out.begin(), ::tolower);
        return out;
    }
    std::optional<User> findUserById(const std::string& id) override {
        auto it = users.find(id);
        if (it == users.end()) return std::nullopt;
        return it->second;
    }
    std::optional<User> findUserByEmail(const std::string& email) override {
        for (auto& [id, user] : users)
            if (user.email == email) return user;
        return std::nullopt;
    }
    User createUser(const User& user, const LinkedAccount& account) override {
        if (findUserByEmail(user.email)) throw DuplicateEmail();
        User created = user;
        created.id = "u" + std::to_string(nextId++);
        users[created.id] = created;
        LinkedAccount linked = account;
        linked.userId = created.id;
        accounts.push_back(linked);
        return created;
    }
    void linkAccount(const LinkedAccount& account) override { accounts.push_back(account); }
    std::optional<LinkedAccount> findAccount(const std::string& provider, const std::string& id) override {
        for (const auto& a : accounts)
            if (a.provider == provider && a.providerAccountId == id) return a;
        return std::nullopt;
    }
    void updateAccountSecret(const std::string&, const std::string&, const std::string&) override {}
    void setEmailVerified(const std::string& userId, bool verified) override { users.at(userId).emailVerified = verified; }
    IssuedSession createSession(const std::string&) override { return {}; }
    std::optional<AuthenticatedUser> authenticate(const HttpRequest&) override { return std::nullopt; }
    void revokeSession(const HttpRequest&) override {}
    std::string sessionCookie(const IssuedSession&) const override { return ""; }
    std::string clearedSessionCookie() const override { return ""; }
    std::string sessionCookieName() const override { return "s"; }
};

IdTokenClaims claims(const std::string& sub, const std::string& email, bool verified = true) {
    IdTokenClaims c;
    c.issuer = "https://accounts.google.com";
    c.subject = sub;
    c.email = email;
    c.emailVerified = verified;
    c.name = "Alice";
    return c;
}

std::string addPasswordUser(MemoryIdentity& identity, const std::string& email) {
    User user;
    user.email = email;
    LinkedAccount account;
    account.provider = "credential";
    account.providerAccountId = email;
    return identity.createUser(user, account).id;
}
}  // namespace

TEST(AccountLinker, CreatesAUserLinkedBySub) {
    MemoryIdentity identity;
    AccountLinker linker(identity);
    std::string id = linker.resolveUser(claims("sub-1", "Alice@Example.com"), std::nullopt);
    EXPECT_EQ(identity.users.at(id).email, "alice@example.com");
    EXPECT_TRUE(identity.users.at(id).emailVerified);
    EXPECT_EQ(identity.users.at(id).name, "Alice");
    ASSERT_TRUE(identity.findAccount("https://accounts.google.com", "sub-1"));
    EXPECT_EQ(identity.findAccount("https://accounts.google.com", "sub-1")->userId, id);
    EXPECT_EQ(linker.resolveUser(claims("sub-1", "alice@example.com"), std::nullopt), id);
    EXPECT_EQ(identity.users.size(), 1u);
}

TEST(AccountLinker, RecordsUnverifiedEmailsAsUnverified) {
    MemoryIdentity identity;
    std::string id = AccountLinker(identity).resolveUser(claims("sub-1", "bob@example.com", false), std::nullopt);
    EXPECT_FALSE(identity.users.at(id).emailVerified);
}

TEST(AccountLinker, NeverSignsInByEmailAlone) {
    MemoryIdentity identity;
    std::string passwordUser = addPasswordUser(identity, "alice@example.com");
    AccountLinker linker(identity);
    try {
        linker.resolveUser(claims("sub-1", "alice@example.com"), std::nullopt);
        FAIL() << "linked by email";
    } catch (const OidcError& e) {
        EXPECT_EQ(e.code(), "email_in_use");
        EXPECT_NE(std::string(e.what()).find("password"), std::string::npos);
    }
    EXPECT_FALSE(identity.findAccount("https://accounts.google.com", "sub-1")) << "nothing half-written";
    EXPECT_EQ(identity.users.size(), 1u);
    EXPECT_FALSE(identity.users.at(passwordUser).emailVerified);
}

TEST(AccountLinker, LinksToTheSignedInUserWhoAskedForIt) {
    MemoryIdentity identity;
    std::string passwordUser = addPasswordUser(identity, "alice@example.com");
    AccountLinker linker(identity);
    EXPECT_EQ(linker.resolveUser(claims("sub-1", "alice@example.com"), passwordUser), passwordUser);
    EXPECT_EQ(identity.findAccount("https://accounts.google.com", "sub-1")->userId, passwordUser);
    EXPECT_TRUE(identity.users.at(passwordUser).emailVerified);
    // From now on Google alone signs this user in.
    EXPECT_EQ(linker.resolveUser(claims("sub-1", "alice@example.com"), std::nullopt), passwordUser);
}

TEST(AccountLinker, DoesNotVerifyAnotherAddress) {
    MemoryIdentity identity;
    std::string passwordUser = addPasswordUser(identity, "alice@example.com");
    AccountLinker(identity).resolveUser(claims("sub-1", "other@example.com"), passwordUser);
    EXPECT_FALSE(identity.users.at(passwordUser).emailVerified);
}

TEST(AccountLinker, RefusesToMoveAnAccountLinkedToSomeoneElse) {
    MemoryIdentity identity;
    AccountLinker linker(identity);
    std::string googleUser = linker.resolveUser(claims("sub-1", "g@example.com"), std::nullopt);
    std::string other = addPasswordUser(identity, "o@example.com");
    try {
        linker.resolveUser(claims("sub-1", "g@example.com"), other);
        FAIL();
    } catch (const OidcError& e) {
        EXPECT_EQ(e.code(), "account_linked_elsewhere");
    }
    EXPECT_EQ(identity.findAccount("https://accounts.google.com", "sub-1")->userId, googleUser);
}

TEST(AccountLinker, RequiresAnEmailForNewUsers) {
    MemoryIdentity identity;
    IdTokenClaims noEmail = claims("sub-1", "x");
    noEmail.email.reset();
    EXPECT_THROW(AccountLinker(identity).resolveUser(noEmail, std::nullopt), OidcError);
    EXPECT_THROW(AccountLinker(identity).resolveUser(claims("sub-2", "not-an-address"), std::nullopt), OidcError);
    EXPECT_TRUE(identity.users.empty());
    EXPECT_TRUE(identity.accounts.empty());
}
