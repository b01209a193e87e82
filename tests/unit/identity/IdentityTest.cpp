#include <atomic>
#include <chrono>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "TempDir.h"
#include "data/DatabaseImpl.h"
#include "events/EventBusImpl.h"
#include "identity/IdentityImpl.h"
#include "sockstream/events/IdentityEvents.h"

namespace sockstream::core {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace std::chrono_literals;

class IdentityTest : public ::testing::Test {
protected:
    IdentityTest() {
        database.migrate("identity", IdentityImpl::migrations());
    }
    IdentityImpl make(SessionPolicy policy = {}) { return IdentityImpl(database, policy, Poco::Logger::get("test.identity")); }

    User createUser(IdentityImpl& identity, const std::string& email, const std::string& name = "Tester") {
        User user;
        user.name = name;
        user.email = *identity.normalizeEmail(email);
        return identity.createUser(user, LinkedAccount{"", "credential", user.email, "$argon2id$hash"});
    }
    static HttpRequest withCookie(const std::string& cookie) {
        HttpRequest request;
        request.method = "GET";
        request.path = "/api/auth/session";
        request.headers = {{"Cookie", cookie}};
        return request;
    }
    static std::string cookiePair(const std::string& setCookie) { return setCookie.substr(0, setCookie.find(';')); }

    test::TempDir dir;
    DatabaseImpl database{dir.file("identity.db"), Poco::Logger::get("test.database")};
};

TEST_F(IdentityTest, EmailsAreTrimmedAndCaseFolded) {
    IdentityImpl identity = make();
    EXPECT_EQ(identity.normalizeEmail("  Alice.Smith@Example.COM "), "alice.smith@example.com");
    EXPECT_EQ(identity.normalizeEmail("ÉLODIE@exemple.fr"), "élodie@exemple.fr");
    EXPECT_EQ(identity.normalizeEmail("a+tag@sub.example.org"), "a+tag@sub.example.org");
}

TEST_F(IdentityTest, ImplausibleEmailsAreRefused) {
    IdentityImpl identity = make();
    for (const char* bad : {"", "   ", "no-at-sign", "@example.com", "a@", "a@b", "a@@example.com", "a@b@example.com",
                            ".a@example.com", "a.@example.com", "a..b@example.com", "a@.example.com",
                            "a@example..com", "a@-example.com", "a b@example.com", "a@exa mple.com",
                            "a<script>@example.com"})
        EXPECT_FALSE(identity.normalizeEmail(bad)) << '"' << bad << '"';
    EXPECT_FALSE(identity.normalizeEmail(std::string(65, 'a') + "@example.com")) << "local part over 64";
    EXPECT_FALSE(identity.normalizeEmail("a@" + std::string(250, 'b') + ".com")) << "address over 254";
}

TEST_F(IdentityTest, CreateAndFindUsersAndAccounts) {
    IdentityImpl identity = make();
    User user = createUser(identity, "Alice@Example.com", "Alice");
    EXPECT_FALSE(user.id.empty());
    EXPECT_GT(user.createdAt, 0);
    EXPECT_EQ(identity.findUserById(user.id)->name, "Alice");
    EXPECT_EQ(identity.findUserByEmail("alice@example.com")->id, user.id);
    EXPECT_FALSE(identity.findUserByEmail("bob@example.com"));
    EXPECT_FALSE(identity.findUserById("nobody"));

    auto account = identity.findAccount("credential", "alice@example.com");
    ASSERT_TRUE(account);
    EXPECT_EQ(account->userId, user.id);
    EXPECT_EQ(account->secret, "$argon2id$hash");
    identity.updateAccountSecret(user.id, "credential", "$argon2id$new");
    EXPECT_EQ(identity.findAccount("credential", "alice@example.com")->secret, "$argon2id$new");

    identity.linkAccount(LinkedAccount{user.id, "https://accounts.google.com", "sub-123", ""});
    EXPECT_EQ(identity.findAccount("https://accounts.google.com", "sub-123")->userId, user.id);
    EXPECT_FALSE(identity.findAccount("https://accounts.google.com", "sub-999"));

    EXPECT_FALSE(identity.findUserById(user.id)->emailVerified);
    identity.setEmailVerified(user.id, true);
    EXPECT_TRUE(identity.findUserById(user.id)->emailVerified);
}

TEST_F(IdentityTest, DuplicateEmailIsRefusedAndLeavesNoAccount) {
    IdentityImpl identity = make();
    createUser(identity, "alice@example.com");
    User again;
    again.name = "Impostor";
    again.email = "alice@example.com";
    EXPECT_THROW(identity.createUser(again, LinkedAccount{"", "oidc", "impostor-sub", ""}), DuplicateEmail);
    EXPECT_FALSE(identity.findAccount("oidc", "impostor-sub")) << "the account insert was rolled back";
    EXPECT_EQ(identity.findUserByEmail("alice@example.com")->name, "Tester");
}

TEST_F(IdentityTest, SignUpsSucceedWhileAnotherConnectionKeepsCommitting) {
    // Chat history commits on its own connection while people sign up; a
    // sign-up must wait its turn, not fail with "database is locked".
    IdentityImpl identity = make();
    {
        Poco::Data::Session setup = database.session();
        setup << "CREATE TABLE busy_neighbour (n INTEGER)", Poco::Data::Keywords::now;
    }
    std::atomic<bool> stop{false};
    std::thread neighbour([&] {
        Poco::Data::Session session = database.session();
        for (int i = 0; i < 20000 && !stop.load(); ++i) {
            session.begin();
            session << "INSERT INTO busy_neighbour (n) VALUES (?)", Poco::Data::Keywords::use(i), Poco::Data::Keywords::now;
            session.commit();
            std::this_thread::sleep_for(500us);  // a commit every half millisecond, like a busy chat
        }
    });
    int created = 0;
    try {
        for (int i = 0; i < 100; ++i) {
            createUser(identity, "user" + std::to_string(i) + "@example.com");
            ++created;
        }
    } catch (const Poco::Exception& error) {
        ADD_FAILURE() << "sign-up " << created << " failed: " << error.displayText();
    } catch (const std::exception& error) {
        ADD_FAILURE() << "sign-up " << created << " failed: " << error.what();
    }
    stop = true;
    neighbour.join();
    EXPECT_EQ(created, 100);
}

TEST_F(IdentityTest, SessionsAuthenticateTheirUser) {
    IdentityImpl identity = make();
    User user = createUser(identity, "alice@example.com", "Alice");
    IssuedSession issued = identity.createSession(user.id);
    EXPECT_GE(issued.token.size(), 40u);
    EXPECT_GT(issued.session.expiresAt, issued.session.createdAt);

    std::string cookie = identity.sessionCookie(issued);
    auto signedIn = identity.authenticate(withCookie("theme=dark; " + cookiePair(cookie)));
    ASSERT_TRUE(signedIn);
    EXPECT_EQ(signedIn->user.id, user.id);
    EXPECT_EQ(signedIn->session.id, issued.session.id);
    EXPECT_TRUE(signedIn->refreshedCookie.empty()) << "a fresh session needs no refresh";

    EXPECT_FALSE(identity.authenticate(withCookie("sockstream_session=forged-token")));
    EXPECT_FALSE(identity.authenticate(withCookie("other=" + issued.token)));
    EXPECT_FALSE(identity.authenticate(withCookie("sockstream_session=" + std::string(300, 'x'))));
    EXPECT_FALSE(identity.authenticate(HttpRequest{}));
}

TEST_F(IdentityTest, SessionTokensAreStoredOnlyAsHashes) {
    IdentityImpl identity = make();
    User user = createUser(identity, "alice@example.com");
    IssuedSession issued = identity.createSession(user.id);
    Poco::Data::Session session = database.session();
    int plain = 0;
    std::string token = issued.token;
    session << "SELECT COUNT(*) FROM sessions WHERE token_hash = ? OR id = ?", Poco::Data::Keywords::use(token),
        Poco::Data::Keywords::use(token), Poco::Data::Keywords::into(plain), Poco::Data::Keywords::now;
    EXPECT_EQ(plain, 0);
}

TEST_F(IdentityTest, RevokedSessionNoLongerAuthenticates) {
    IdentityImpl identity = make();
    User user = createUser(identity, "alice@example.com");
    IssuedSession first = identity.createSession(user.id);
    IssuedSession second = identity.createSession(user.id);
    HttpRequest request = withCookie(cookiePair(identity.sessionCookie(first)));
    identity.revokeSession(request);
    EXPECT_FALSE(identity.authenticate(request));
    EXPECT_TRUE(identity.authenticate(withCookie(cookiePair(identity.sessionCookie(second)))))
        << "other sessions of the user stay signed in";
    EXPECT_NO_THROW(identity.revokeSession(HttpRequest{}));
}

TEST_F(IdentityTest, ExpiredSessionIsRefusedAndPurged) {
    SessionPolicy shortLived;
    shortLived.lifetime = 1s;
    shortLived.refreshAfter = 1h;
    IdentityImpl identity = make(shortLived);
    User user = createUser(identity, "alice@example.com");
    IssuedSession expiring = identity.createSession(user.id);
    IssuedSession other = identity.createSession(user.id);
    std::this_thread::sleep_for(1100ms);
    EXPECT_FALSE(identity.authenticate(withCookie(cookiePair(identity.sessionCookie(expiring)))));
    EXPECT_EQ(identity.purgeExpiredSessions(), 1) << "the refused one was deleted already; the other is purged";
    EXPECT_FALSE(identity.authenticate(withCookie(cookiePair(identity.sessionCookie(other)))));
}

TEST_F(IdentityTest, SessionIsRefreshedWhenDue) {
    SessionPolicy eager;
    eager.lifetime = 1h;
    eager.refreshAfter = 0s;
    IdentityImpl identity = make(eager);
    User user = createUser(identity, "alice@example.com");
    IssuedSession issued = identity.createSession(user.id);
    std::this_thread::sleep_for(5ms);
    auto signedIn = identity.authenticate(withCookie(cookiePair(identity.sessionCookie(issued))));
    ASSERT_TRUE(signedIn);
    EXPECT_GT(signedIn->session.expiresAt, issued.session.expiresAt) << "the expiry moved forward";
    EXPECT_THAT(signedIn->refreshedCookie, StartsWith("sockstream_session=" + issued.token + ";"));
    EXPECT_THAT(signedIn->refreshedCookie, HasSubstr("Max-Age=3600"));
}

TEST_F(IdentityTest, CookieAttributesOverHttp) {
    IdentityImpl identity = make();
    User user = createUser(identity, "alice@example.com");
    IssuedSession issued = identity.createSession(user.id);
    std::string cookie = identity.sessionCookie(issued);
    EXPECT_EQ(identity.sessionCookieName(), "sockstream_session");
    EXPECT_THAT(cookie, StartsWith("sockstream_session=" + issued.token + ";"));
    EXPECT_THAT(cookie, HasSubstr("; Path=/"));
    EXPECT_THAT(cookie, HasSubstr("; HttpOnly"));
    EXPECT_THAT(cookie, HasSubstr("; SameSite=Lax"));
    EXPECT_THAT(cookie, HasSubstr("; Max-Age=604800"));
    EXPECT_THAT(cookie, Not(HasSubstr("Secure")));

    std::string cleared = identity.clearedSessionCookie();
    EXPECT_THAT(cleared, StartsWith("sockstream_session=;"));
    EXPECT_THAT(cleared, HasSubstr("Max-Age=0"));
}

TEST_F(IdentityTest, CookieAttributesOverHttps) {
    SessionPolicy https;
    https.secureCookies = true;
    IdentityImpl identity = make(https);
    User user = createUser(identity, "alice@example.com");
    IssuedSession issued = identity.createSession(user.id);
    std::string cookie = identity.sessionCookie(issued);
    EXPECT_EQ(identity.sessionCookieName(), "__Secure-sockstream_session");
    EXPECT_THAT(cookie, StartsWith("__Secure-sockstream_session=" + issued.token + ";"));
    EXPECT_THAT(cookie, HasSubstr("; Secure"));
    EXPECT_THAT(cookie, HasSubstr("; HttpOnly"));
    EXPECT_THAT(identity.clearedSessionCookie(), StartsWith("__Secure-sockstream_session=;"));
    EXPECT_THAT(identity.clearedSessionCookie(), HasSubstr("; Secure"));

    EXPECT_TRUE(identity.authenticate(withCookie(cookiePair(cookie))));
    EXPECT_FALSE(identity.authenticate(withCookie("sockstream_session=" + issued.token)))
        << "over https only the __Secure- cookie counts";
    EXPECT_EQ(IdentityImpl::cookieNames(),
              (std::vector<std::string>{"sockstream_session", "__Secure-sockstream_session"}));
}

// A sign-out tells those holding the session open (the chat) at once, with
// which session and why; an expired session presented says "expired".
TEST_F(IdentityTest, EndedSessionsArePublishedWithTheirReason) {
    SessionPolicy shortLived;
    shortLived.lifetime = 1s;
    shortLived.refreshAfter = 1h;
    IdentityImpl identity = make(shortLived);
    EventBusImpl events(Poco::Logger::get("test.events"));
    identity.setEvents(&events);
    std::vector<SignInSessionEnded> ended;
    events.subscribe("test", SignInSessionEnded::kTopic,
                     [&](const Event& e) { ended.push_back(static_cast<const SignInSessionEnded&>(e)); });
    User user = createUser(identity, "alice@example.com");
    IssuedSession signedOut = identity.createSession(user.id);
    IssuedSession expiring = identity.createSession(user.id);
    EXPECT_TRUE(identity.sessionExpiresAt(signedOut.session.id));
    identity.revokeSession(withCookie(cookiePair(identity.sessionCookie(signedOut))));
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].sessionId, signedOut.session.id);
    EXPECT_EQ(ended[0].userId, user.id);
    EXPECT_EQ(ended[0].reason, "signed_out");
    EXPECT_FALSE(identity.sessionExpiresAt(signedOut.session.id));
    identity.revokeSession(withCookie(cookiePair(identity.sessionCookie(signedOut))));
    EXPECT_EQ(ended.size(), 1u) << "nothing ended the second time";
    EXPECT_EQ(identity.sessionExpiresAt(expiring.session.id), expiring.session.expiresAt);
    std::this_thread::sleep_for(1100ms);
    EXPECT_FALSE(identity.authenticate(withCookie(cookiePair(identity.sessionCookie(expiring)))));
    ASSERT_EQ(ended.size(), 2u);
    EXPECT_EQ(ended[1].sessionId, expiring.session.id);
    EXPECT_EQ(ended[1].reason, "expired");
}

}  // namespace
}  // namespace sockstream::core
