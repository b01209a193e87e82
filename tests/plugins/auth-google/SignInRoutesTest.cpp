// SignInRoutes (GET /api/auth/google and its callback) against a fake provider
// and a gmock Identity: what it sends the browser, what it asks the core to
// store, and every refusal, without a network, a database or an HTTP server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include "FakeProviderHttp.h"
#include "MockIdentity.h"
#include "SignInRoutes.h"
#include "TestKeys.h"

namespace sockstream::authgoogle {
namespace {

using ::testing::_;
using ::testing::AllOf;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::Return;
using ::testing::StartsWith;
namespace t = sockstream::authgoogle::test;

const std::string kIssuer = "https://op.example";
const std::string kDiscovery = kIssuer + "/.well-known/openid-configuration";
const std::string kJwks = kIssuer + "/jwks";
const std::string kToken = kIssuer + "/token";
const std::string kClientId = "client-1";
const std::string kCookie = "sockstream_google_login";

std::vector<std::string> headers(const HttpResponse& response, std::string_view name) {
    std::vector<std::string> values;
    for (const auto& [key, value] : response.headers)
        if (Poco::icompare(key, std::string(name)) == 0) values.push_back(value);
    return values;
}

std::string header(const HttpResponse& response, std::string_view name) {
    const std::string* value = response.findHeader(name);
    return value ? *value : std::string();
}

/// The value a Set-Cookie header gives `name` ("" when cleared or absent).
std::optional<std::string> cookieValue(const HttpResponse& response, const std::string& name) {
    for (const std::string& cookie : headers(response, "Set-Cookie"))
        if (cookie.rfind(name + "=", 0) == 0) return cookie.substr(name.size() + 1, cookie.find(';') - name.size() - 1);
    return std::nullopt;
}

std::string errorCode(const HttpResponse& response) {
    auto root = Poco::JSON::Parser().parse(std::string(response.body())).extract<Poco::JSON::Object::Ptr>();
    return root->getObject("error")->getValue<std::string>("code");
}

class SignInRoutesTest : public ::testing::Test {
protected:
    SignInRoutesTest() {
        config.issuer = kIssuer;
        config.clientId = kClientId;
        config.clientSecret = "secret";
        config.redirectUrl = "http://127.0.0.1:8080/api/auth/google/callback";
        settings.publicUrl = "http://127.0.0.1:8080";
        auto fake = std::make_unique<t::FakeProviderHttp>();
        provider = fake.get();
        provider->answers[kDiscovery] = {200, "{\"issuer\":\"" + kIssuer + "\",\"authorization_endpoint\":\"" + kIssuer +
                                                  "/auth\",\"token_endpoint\":\"" + kToken + "\",\"jwks_uri\":\"" +
                                                  kJwks + "\"}"};
        provider->answers[kJwks] = {200, t::jwksJson("k1", 0)};
        routes = std::make_unique<SignInRoutes>(config, std::move(fake), identity, settings,
                                                Poco::Logger::get("test.auth-google"));
        ON_CALL(identity, normalizeEmail(_)).WillByDefault([](const std::string& email) {
            std::string lower;
            for (char c : email) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
            return std::optional<std::string>(lower);
        });
        ON_CALL(identity, sessionCookie(_)).WillByDefault(Return("sockstream_session=session-token; Path=/; HttpOnly"));
    }

    /// What the browser sees after GET /api/auth/google[?redirect=...]: the handle cookie and the provider's query.
    struct Started {
        HttpResponse response;
        std::string handle;
        std::string state;
        std::string nonce;
        Poco::URI location;
    };
    Started begin(const std::string& redirect = "") {
        HttpRequest request;
        request.method = "GET";
        request.path = SignInRoutes::kStartPath;
        if (!redirect.empty()) request.query["redirect"] = redirect;
        Started started{routes->begin(request), "", "", "", Poco::URI()};
        started.handle = cookieValue(started.response, kCookie).value_or("");
        if (started.response.status == 302) {
            started.location = Poco::URI(header(started.response, "Location"));
            for (const auto& [key, value] : started.location.getQueryParameters()) {
                if (key == "state") started.state = value;
                if (key == "nonce") started.nonce = value;
            }
        }
        return started;
    }

    /// The provider's callback as the browser brings it back.
    HttpRequest callback(const std::string& handle, const std::string& state, const std::string& code = "code-1") {
        HttpRequest request;
        request.method = "GET";
        request.path = SignInRoutes::kCallbackPath;
        if (!handle.empty()) request.headers.emplace_back("Cookie", kCookie + "=" + handle);
        if (!state.empty()) request.query["state"] = state;
        if (!code.empty()) request.query["code"] = code;
        return request;
    }

    /// The callback answered as JSON (failures are HTML pages otherwise).
    HttpResponse completeAsJson(HttpRequest request) {
        request.headers.emplace_back("Accept", "application/json");
        return routes->complete(request);
    }

    /// The token endpoint answers with an ID token for `nonce`.
    void providerSignsIn(const std::string& nonce, const std::string& subject = "google-42",
                         const std::string& email = "Alice@Example.com") {
        const long long now =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        Poco::JSON::Object header;
        header.set("alg", "RS256");
        header.set("kid", "k1");
        Poco::JSON::Object payload;
        payload.set("iss", kIssuer);
        payload.set("aud", kClientId);
        payload.set("sub", subject);
        payload.set("exp", now + 300);
        payload.set("iat", now - 5);
        payload.set("nonce", nonce);
        payload.set("email", email);
        payload.set("email_verified", true);
        payload.set("name", "Alice");
        provider->answers[kToken] = {200, "{\"token_type\":\"Bearer\",\"id_token\":\"" +
                                              t::signToken(header, payload, 0) + "\"}"};
    }

    GoogleAuthConfig config;
    Settings settings;
    NiceMock<mocks::MockIdentity> identity;
    t::FakeProviderHttp* provider = nullptr;
    std::unique_ptr<SignInRoutes> routes;
};

TEST_F(SignInRoutesTest, BeginSendsTheBrowserToTheProviderWithStateNonceAndPkce) {
    const Started started = begin("/rooms/abc");
    ASSERT_EQ(started.response.status, 302);
    EXPECT_EQ(started.location.getScheme() + "://" + started.location.getHost() + started.location.getPath(),
              kIssuer + "/auth");
    const std::string location = header(started.response, "Location");
    EXPECT_THAT(location, HasSubstr("client_id=" + kClientId));
    EXPECT_THAT(location, HasSubstr("response_type=code"));
    EXPECT_THAT(location, HasSubstr("code_challenge_method=S256"));
    EXPECT_THAT(location, HasSubstr("code_challenge="));
    EXPECT_GE(started.state.size(), 32u);
    EXPECT_GE(started.nonce.size(), 32u);
    EXPECT_NE(started.state, started.nonce);
    EXPECT_FALSE(started.handle.empty());
    const std::string cookie = headers(started.response, "Set-Cookie").at(0);
    EXPECT_THAT(cookie, HasSubstr("Path=/api/auth/google"));
    EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
    EXPECT_THAT(cookie, HasSubstr("SameSite=Lax"));
    EXPECT_THAT(cookie, Not(HasSubstr("Secure"))) << "plain http public URL";
    EXPECT_THAT(location, Not(HasSubstr(started.handle))) << "the handle stays in the browser's cookie";
}

TEST_F(SignInRoutesTest, TwoSignInsGetDifferentStates) {
    EXPECT_NE(begin().state, begin().state);
}

TEST_F(SignInRoutesTest, CompleteCreatesTheUserStartsASessionAndReturnsToTheRedirectPath) {
    const Started started = begin("/rooms/abc");
    providerSignsIn(started.nonce);
    EXPECT_CALL(identity, findAccount(kIssuer, "google-42")).WillOnce(Return(std::nullopt));
    EXPECT_CALL(identity, createUser(Field(&User::email, "alice@example.com"),
                                     Field(&LinkedAccount::providerAccountId, "google-42")))
        .WillOnce([](const User& user, const LinkedAccount&) {
            User created = user;
            created.id = "user-1";
            return created;
        });
    EXPECT_CALL(identity, createSession("user-1")).WillOnce(Return(IssuedSession{"session-token", {}}));
    const HttpResponse response = routes->complete(callback(started.handle, started.state));
    EXPECT_EQ(response.status, 302);
    EXPECT_EQ(header(response, "Location"), "/rooms/abc");
    EXPECT_EQ(cookieValue(response, "sockstream_session"), "session-token");
    EXPECT_EQ(cookieValue(response, kCookie), "") << "the pending login's cookie is cleared";
    EXPECT_EQ(header(response, "Referrer-Policy"), "no-referrer");
    EXPECT_EQ(provider->count(kToken), 1);
    for (const auto& call : provider->calls)
        if (call.url == kToken) {
            EXPECT_THAT(call.body, HasSubstr("code=code-1"));
        }
}

TEST_F(SignInRoutesTest, AnExistingAccountSignsInWithoutANewUser) {
    const Started started = begin();
    providerSignsIn(started.nonce);
    EXPECT_CALL(identity, findAccount(kIssuer, "google-42"))
        .WillOnce(Return(LinkedAccount{"user-7", kIssuer, "google-42", ""}));
    EXPECT_CALL(identity, createUser(_, _)).Times(0);
    EXPECT_CALL(identity, createSession("user-7")).WillOnce(Return(IssuedSession{"t", {}}));
    const HttpResponse response = routes->complete(callback(started.handle, started.state));
    EXPECT_EQ(response.status, 302);
    EXPECT_EQ(header(response, "Location"), "/");
}

TEST_F(SignInRoutesTest, ACallbackIsSingleUse) {
    const Started started = begin();
    providerSignsIn(started.nonce);
    ON_CALL(identity, findAccount(_, _)).WillByDefault(Return(LinkedAccount{"user-7", kIssuer, "google-42", ""}));
    ASSERT_EQ(routes->complete(callback(started.handle, started.state)).status, 302);
    const HttpResponse again = completeAsJson(callback(started.handle, started.state));
    EXPECT_EQ(again.status, 400);
    EXPECT_EQ(errorCode(again), "invalid_state");
    EXPECT_EQ(provider->count(kToken), 1) << "the replayed code never reaches the provider";
}

TEST_F(SignInRoutesTest, AStateFromAnotherSignInIsRefusedBeforeTheTokenExchange) {
    const Started mine = begin();
    const Started other = begin();
    const HttpResponse response = completeAsJson(callback(mine.handle, other.state));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(errorCode(response), "invalid_state");
    EXPECT_EQ(provider->count(kToken), 0);
    EXPECT_EQ(cookieValue(response, kCookie), "");
}

TEST_F(SignInRoutesTest, ACallbackWithoutTheCookieIsRefused) {
    const Started started = begin();
    const HttpResponse response = completeAsJson(callback("", started.state));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(errorCode(response), "invalid_state");
}

TEST_F(SignInRoutesTest, ACancelledSignInSaysSoInAnHtmlPage) {
    const Started started = begin();
    HttpRequest request = callback(started.handle, started.state, "");
    request.query["error"] = "access_denied";
    const HttpResponse response = routes->complete(request);
    EXPECT_EQ(response.status, 403);
    EXPECT_THAT(header(response, "Content-Type"), StartsWith("text/html"));
    EXPECT_THAT(std::string(response.body()), HasSubstr("access_denied"));
    EXPECT_THAT(std::string(response.body()), HasSubstr("was cancelled"));
    EXPECT_EQ(header(response, "Content-Security-Policy"), "default-src 'none'");
}

TEST_F(SignInRoutesTest, AProviderErrorIsShownEscaped) {
    const Started started = begin();
    HttpRequest request = callback(started.handle, started.state, "");
    request.query["error"] = "<script>alert(1)</script>";
    const HttpResponse response = routes->complete(request);
    EXPECT_EQ(response.status, 502);
    EXPECT_THAT(std::string(response.body()), Not(HasSubstr("<script>")));
}

TEST_F(SignInRoutesTest, AnotherIssuerInTheResponseIsAMixUp) {
    const Started started = begin();
    HttpRequest request = callback(started.handle, started.state);
    request.query["iss"] = "https://attacker.example";
    const HttpResponse response = completeAsJson(request);
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(errorCode(response), "issuer_mismatch");
    EXPECT_EQ(provider->count(kToken), 0);
}

TEST_F(SignInRoutesTest, AMissingCodeIsRefused) {
    const Started started = begin();
    const HttpResponse response = completeAsJson(callback(started.handle, started.state, ""));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(errorCode(response), "invalid_request");
}

TEST_F(SignInRoutesTest, AnIdTokenForAnotherNonceIsRefused) {
    const Started started = begin();
    providerSignsIn("not-the-nonce-we-sent");
    EXPECT_CALL(identity, createSession(_)).Times(0);
    const HttpResponse response = completeAsJson(callback(started.handle, started.state));
    EXPECT_EQ(errorCode(response), "invalid_id_token");
    EXPECT_TRUE(headers(response, "Set-Cookie").size() == 1u) << "only the cleared pending cookie, no session";
}

TEST_F(SignInRoutesTest, AnEmailThatBelongsToAPasswordAccountAsksToLinkInstead) {
    const Started started = begin();
    providerSignsIn(started.nonce);
    EXPECT_CALL(identity, findAccount(_, _)).WillOnce(Return(std::nullopt));
    EXPECT_CALL(identity, createUser(_, _)).WillOnce([](const User&, const LinkedAccount&) -> User {
        throw DuplicateEmail();
    });
    EXPECT_CALL(identity, createSession(_)).Times(0);
    const HttpResponse response = completeAsJson(callback(started.handle, started.state));
    EXPECT_EQ(response.status, 409);
    EXPECT_EQ(errorCode(response), "email_in_use");
}

TEST_F(SignInRoutesTest, LinkingStopsWhenTheSessionChangedMeanwhile) {
    AuthenticatedUser alice;
    alice.user.id = "user-alice";
    AuthenticatedUser bob;
    bob.user.id = "user-bob";
    EXPECT_CALL(identity, authenticate(_)).WillOnce(Return(alice)).WillOnce(Return(bob));
    const Started started = begin();
    providerSignsIn(started.nonce);
    EXPECT_CALL(identity, linkAccount(_)).Times(0);
    const HttpResponse response = completeAsJson(callback(started.handle, started.state));
    EXPECT_EQ(response.status, 409);
    EXPECT_EQ(errorCode(response), "session_changed");
}

TEST_F(SignInRoutesTest, ASignedInUserLinksTheGoogleAccountToThemselves) {
    AuthenticatedUser alice;
    alice.user.id = "user-alice";
    ON_CALL(identity, authenticate(_)).WillByDefault(Return(alice));
    const Started started = begin();
    providerSignsIn(started.nonce);
    EXPECT_CALL(identity, findAccount(kIssuer, "google-42")).WillOnce(Return(std::nullopt));
    EXPECT_CALL(identity, linkAccount(AllOf(Field(&LinkedAccount::userId, "user-alice"),
                                            Field(&LinkedAccount::providerAccountId, "google-42"))));
    EXPECT_CALL(identity, createUser(_, _)).Times(0);
    EXPECT_CALL(identity, createSession("user-alice")).WillOnce(Return(IssuedSession{"t", {}}));
    EXPECT_EQ(routes->complete(callback(started.handle, started.state)).status, 302);
}

TEST_F(SignInRoutesTest, AnUnreachableProviderIsAnErrorPageAtTheStart) {
    provider->answers.erase(kDiscovery);
    HttpRequest request;
    request.method = "GET";
    request.headers.emplace_back("Accept", "application/json");
    const HttpResponse response = routes->begin(request);
    EXPECT_EQ(response.status, 502);
    EXPECT_EQ(errorCode(response), "provider_unreachable");
    EXPECT_EQ(cookieValue(response, kCookie), "");
}

TEST_F(SignInRoutesTest, AnOffSiteRedirectFallsBackToTheHomePage) {
    const Started started = begin("https://attacker.example/");
    providerSignsIn(started.nonce);
    ON_CALL(identity, findAccount(_, _)).WillByDefault(Return(LinkedAccount{"user-7", kIssuer, "google-42", ""}));
    const HttpResponse response = routes->complete(callback(started.handle, started.state));
    EXPECT_EQ(header(response, "Location"), "/");
}

TEST_F(SignInRoutesTest, AnHttpsSiteUsesASecurePrefixedCookie) {
    settings.publicUrl = "https://tv.example";
    routes = std::make_unique<SignInRoutes>(config, std::make_unique<t::FakeProviderHttp>(*provider), identity,
                                            settings, Poco::Logger::get("test.auth-google"));
    const HttpResponse response = begin().response;
    const std::string cookie = headers(response, "Set-Cookie").at(0);
    EXPECT_THAT(cookie, StartsWith("__Secure-sockstream_google_login="));
    EXPECT_THAT(cookie, HasSubstr("; Secure"));
}

}  // namespace
}  // namespace sockstream::authgoogle
