// PasswordAuthRoutes (sign-up and sign-in) against a gmock Identity: what it
// asks the core to store, what it answers, and what it refuses, without a
// database or an HTTP server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include "AuthPasswordConfig.h"
#include "CommonPasswordList.h"
#include "MockIdentity.h"
#include "PasswordAuthRoutes.h"
#include "PasswordHasher.h"
#include "PasswordPolicy.h"
#include "PhcString.h"
#include "sockstream/util/Random.h"

namespace sockstream::authpassword {
namespace {

using ::testing::_;
using ::testing::AllOf;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::Return;
using ::testing::StartsWith;

constexpr const char* kPassword = "violet tugboat quasar lantern 87";

/// The answer a handler gives, or the one the core makes of the HttpError it throws.
template <class Handler>
HttpResponse answer(Handler&& handler) {
    try {
        return handler();
    } catch (const HttpError& error) {
        return error.toResponse();
    }
}

std::string errorCode(const HttpResponse& response) {
    auto root = Poco::JSON::Parser().parse(std::string(response.body())).extract<Poco::JSON::Object::Ptr>();
    return root->getObject("error")->getValue<std::string>("code");
}

std::optional<std::string> header(const HttpResponse& response, std::string_view name) {
    const std::string* value = response.findHeader(name);
    return value ? std::optional<std::string>(*value) : std::nullopt;
}

HttpRequest jsonRequest(const std::string& body, const std::string& address = "192.0.2.10") {
    HttpRequest request;
    request.method = "POST";
    request.body = body;
    request.remoteAddress = address;
    request.headers.emplace_back("Content-Type", "application/json");
    return request;
}

std::string signUpBody(const std::string& name, const std::string& email, const std::string& password) {
    Poco::JSON::Object body;
    body.set("name", name);
    body.set("email", email);
    body.set("password", password);
    std::ostringstream out;
    body.stringify(out);
    return out.str();
}

std::string signInBody(const std::string& email, const std::string& password) {
    Poco::JSON::Object body;
    body.set("email", email);
    body.set("password", password);
    std::ostringstream out;
    body.stringify(out);
    return out.str();
}

class PasswordAuthRoutesTest : public ::testing::Test {
protected:
    PasswordAuthRoutesTest() {
        ON_CALL(identity, normalizeEmail(_)).WillByDefault(Invoke([](const std::string& email) -> std::optional<std::string> {
            if (email.find('@') == std::string::npos) return std::nullopt;
            std::string lower = email;
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return lower;
        }));
        ON_CALL(identity, createSession(_)).WillByDefault(Invoke([](const std::string& userId) {
            IssuedSession issued;
            issued.token = "token-of-" + userId;
            issued.session.userId = userId;
            return issued;
        }));
        ON_CALL(identity, sessionCookie(_)).WillByDefault(Invoke([](const IssuedSession& issued) {
            return "sockstream_session=" + issued.token + "; HttpOnly";
        }));
    }

    std::unique_ptr<PasswordAuthRoutes> makeRoutes() {
        return std::make_unique<PasswordAuthRoutes>(
            identity, config, PasswordHasher(config.argon2, &secureRandomBytes),
            PasswordPolicy(std::make_shared<const CommonPasswordList>(), config.minPasswordScore),
            Poco::Logger::get("test.auth-password"));
    }

    /// What the core stores for a password account of `email`, hashed with `parameters`.
    LinkedAccount storedAccount(const std::string& email, const Argon2Parameters& parameters) {
        LinkedAccount account;
        account.userId = "u1";
        account.provider = PasswordAuthRoutes::kProvider;
        account.providerAccountId = email;
        account.secret = PasswordHasher(parameters, &secureRandomBytes).hash(kPassword);
        return account;
    }

    NiceMock<mocks::MockIdentity> identity;
    AuthPasswordConfig config;
};

TEST_F(PasswordAuthRoutesTest, SignUpStoresAnArgon2HashAndSignsTheNewUserIn) {
    auto routes = makeRoutes();
    EXPECT_CALL(identity, findUserByEmail("ada@example.org")).WillOnce(Return(std::nullopt));
    LinkedAccount stored;
    EXPECT_CALL(identity, createUser(AllOf(Field(&User::name, "Ada"), Field(&User::email, "ada@example.org")),
                                     AllOf(Field(&LinkedAccount::provider, "credential"),
                                           Field(&LinkedAccount::providerAccountId, "ada@example.org"))))
        .WillOnce(Invoke([&](const User& user, const LinkedAccount& account) {
            stored = account;
            User created = user;
            created.id = "u1";
            return created;
        }));
    EXPECT_CALL(identity, createSession("u1"));

    HttpResponse response = answer([&] { return routes->signUp(jsonRequest(signUpBody("  Ada ", "Ada@Example.org", kPassword))); });

    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(header(response, "Cache-Control"), "no-store");
    EXPECT_EQ(header(response, "Set-Cookie"), "sockstream_session=token-of-u1; HttpOnly");
    auto user = Poco::JSON::Parser().parse(std::string(response.body())).extract<Poco::JSON::Object::Ptr>()->getObject("user");
    EXPECT_EQ(user->getValue<std::string>("id"), "u1");
    EXPECT_EQ(user->getValue<std::string>("email"), "ada@example.org");
    // Never the password itself: an Argon2id PHC string with the configured cost.
    EXPECT_THAT(stored.secret, StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    EXPECT_THAT(stored.secret, Not(HasSubstr(kPassword)));
    EXPECT_THAT(std::string(response.body()), Not(HasSubstr("argon2")));
}

TEST_F(PasswordAuthRoutesTest, SignUpWithATakenEmailIsAConflictEvenWhenTwoSignUpsRace) {
    auto routes = makeRoutes();
    User existing;
    existing.id = "u0";
    EXPECT_CALL(identity, findUserByEmail("ada@example.org")).WillOnce(Return(existing)).WillOnce(Return(std::nullopt));
    EXPECT_CALL(identity, createUser(_, _)).WillOnce(Invoke([](const User&, const LinkedAccount&) -> User {
        throw DuplicateEmail();
    }));
    EXPECT_CALL(identity, createSession(_)).Times(0);

    for (int attempt = 0; attempt < 2; ++attempt) {
        HttpResponse response = answer([&] {
            return routes->signUp(jsonRequest(signUpBody("Ada", "ada@example.org", kPassword), "192.0.2." + std::to_string(20 + attempt)));
        });
        EXPECT_EQ(response.status, 409) << attempt;
        EXPECT_EQ(errorCode(response), "email_taken") << attempt;
    }
}

TEST_F(PasswordAuthRoutesTest, SignUpRefusesBadInputBeforeTouchingTheDatabase) {
    auto routes = makeRoutes();
    EXPECT_CALL(identity, findUserByEmail(_)).Times(0);
    EXPECT_CALL(identity, createUser(_, _)).Times(0);
    struct Case {
        std::string body;
        int status;
        std::string code;
    };
    const Case cases[] = {
        {signUpBody("Ada", "not-an-email", kPassword), 400, "invalid_email"},
        {signUpBody("", "ada2@example.org", kPassword), 400, "invalid_name"},
        {signUpBody("Ada", "ada3@example.org", "short"), 400, "password_too_short"},
        {signUpBody("Ada", "ada4@example.org", "ada4@example.org"), 400, "password_too_weak"},
        {"[1, 2]", 400, ""},
        {R"({"name": "Ada", "email": "ada@example.org"})", 400, ""},
    };
    int address = 30;
    for (const auto& c : cases) {
        // A fresh address each time, so the sign-up rate limit stays out of the way.
        HttpResponse response = answer([&] { return routes->signUp(jsonRequest(c.body, "192.0.2." + std::to_string(address++))); });
        EXPECT_EQ(response.status, c.status) << c.body;
        if (!c.code.empty()) {
            EXPECT_EQ(errorCode(response), c.code) << c.body;
        }
    }
}

TEST_F(PasswordAuthRoutesTest, ABodyOverTheLimitIsRefusedUnread) {
    config.maxBodyBytes = 64;
    auto routes = makeRoutes();
    EXPECT_CALL(identity, findAccount(_, _)).Times(0);
    HttpResponse response = answer([&] { return routes->signIn(jsonRequest(signInBody("ada@example.org", std::string(100, 'x')))); });
    EXPECT_EQ(response.status, 413);
    EXPECT_EQ(errorCode(response), "payload_too_large");
}

TEST_F(PasswordAuthRoutesTest, SignInWithTheRightPasswordStartsASession) {
    auto routes = makeRoutes();
    EXPECT_CALL(identity, findAccount("credential", "ada@example.org"))
        .WillOnce(Return(storedAccount("ada@example.org", config.argon2)));
    User ada;
    ada.id = "u1";
    ada.email = "ada@example.org";
    EXPECT_CALL(identity, findUserById("u1")).WillOnce(Return(ada));
    EXPECT_CALL(identity, updateAccountSecret(_, _, _)).Times(0);
    EXPECT_CALL(identity, createSession("u1"));

    HttpResponse response = answer([&] { return routes->signIn(jsonRequest(signInBody("ADA@example.org", kPassword))); });
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(header(response, "Set-Cookie"), "sockstream_session=token-of-u1; HttpOnly");
    EXPECT_EQ(header(response, "Cache-Control"), "no-store");
}

TEST_F(PasswordAuthRoutesTest, AHashWithOlderWeakerParametersIsReplacedAtSignIn) {
    auto routes = makeRoutes();
    Argon2Parameters older = config.argon2;
    older.iterations = 1;
    EXPECT_CALL(identity, findAccount("credential", "ada@example.org")).WillOnce(Return(storedAccount("ada@example.org", older)));
    User ada;
    ada.id = "u1";
    EXPECT_CALL(identity, findUserById("u1")).WillOnce(Return(ada));
    std::string rehashed;
    EXPECT_CALL(identity, updateAccountSecret("u1", "credential", _))
        .WillOnce(Invoke([&](const std::string&, const std::string&, const std::string& secret) { rehashed = secret; }));

    HttpResponse response = answer([&] { return routes->signIn(jsonRequest(signInBody("ada@example.org", kPassword))); });
    EXPECT_EQ(response.status, 200);
    auto phc = PhcString::parse(rehashed);
    ASSERT_TRUE(phc) << rehashed;
    EXPECT_EQ(phc->parameters, config.argon2);
}

TEST_F(PasswordAuthRoutesTest, AWrongPasswordAndAnUnknownEmailGetTheSameAnswer) {
    auto routes = makeRoutes();
    EXPECT_CALL(identity, findAccount("credential", "ada@example.org"))
        .WillRepeatedly(Return(storedAccount("ada@example.org", config.argon2)));
    EXPECT_CALL(identity, findAccount("credential", "nobody@example.org")).WillRepeatedly(Return(std::nullopt));
    EXPECT_CALL(identity, createSession(_)).Times(0);

    HttpResponse wrong = answer([&] { return routes->signIn(jsonRequest(signInBody("ada@example.org", "not the password at all"), "192.0.2.50")); });
    HttpResponse unknown = answer([&] { return routes->signIn(jsonRequest(signInBody("nobody@example.org", kPassword), "192.0.2.51")); });
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(errorCode(wrong), "invalid_credentials");
    EXPECT_EQ(wrong.body(), unknown.body());
}

TEST_F(PasswordAuthRoutesTest, RepeatedFailuresFromOneAddressAreSlowedDownWithRetryAfter) {
    auto routes = makeRoutes();
    EXPECT_CALL(identity, findAccount(_, _)).WillRepeatedly(Return(std::nullopt));
    std::optional<HttpResponse> limited;
    // The configured budget is 3 attempts per 10 s; well before 10 tries one is refused.
    for (int attempt = 0; attempt < 10 && !limited; ++attempt) {
        HttpResponse response = answer([&] {
            return routes->signIn(jsonRequest(signInBody("user" + std::to_string(attempt) + "@example.org", kPassword), "192.0.2.60"));
        });
        if (response.status == 429) limited = response;
        else EXPECT_EQ(response.status, 401) << attempt;
    }
    ASSERT_TRUE(limited);
    EXPECT_EQ(errorCode(*limited), "too_many_requests");
    ASSERT_TRUE(header(*limited, "Retry-After"));
    EXPECT_GE(std::stoi(*header(*limited, "Retry-After")), 1);
    EXPECT_EQ(header(*limited, "Cache-Control"), "no-store");
}

}  // namespace
}  // namespace sockstream::authpassword
