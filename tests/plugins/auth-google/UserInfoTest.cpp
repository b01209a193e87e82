#include <gtest/gtest.h>

#include "FakeProviderHttp.h"
#include "oidc/OidcError.h"
#include "oidc/UserInfo.h"

using namespace sockstream::authgoogle;

namespace {
const std::string kEndpoint = "https://accounts.example/me";

void expectRefused(int status, const std::string& body, const std::string& why) {
    try {
        UserInfo::parse(status, body, "user-1");
        ADD_FAILURE() << "accepted: " << body;
    } catch (const OidcError& e) {
        EXPECT_EQ(e.code(), "userinfo_failed");
        EXPECT_EQ(e.status(), 502);
        EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
}
}  // namespace

TEST(UserInfo, AsksTheEndpointWithTheAccessTokenAndReadsTheEmail) {
    test::FakeProviderHttp http;
    http.answers[kEndpoint] = {200, R"({"sub":"user-1","email":"ann@example.com","email_verified":true,"name":"Ann"})"};
    const UserInfoClaims claims = UserInfo::fetch(http, kEndpoint, "access-123", "user-1");
    EXPECT_EQ(claims.email, "ann@example.com");
    EXPECT_TRUE(claims.emailVerified);
    ASSERT_EQ(http.calls.size(), 1u);
    EXPECT_EQ(http.calls[0].method, "GET");
    EXPECT_EQ(http.calls[0].authorization, "Bearer access-123");
}

TEST(UserInfo, ReadsVerificationLikeTheIdToken) {
    EXPECT_FALSE(UserInfo::parse(200, R"({"sub":"user-1","email":"a@x.example"})", "user-1").emailVerified);
    EXPECT_FALSE(UserInfo::parse(200, R"({"sub":"user-1","email":"a@x.example","email_verified":false})", "user-1").emailVerified);
    EXPECT_TRUE(UserInfo::parse(200, R"({"sub":"user-1","email":"a@x.example","email_verified":"true"})", "user-1").emailVerified);
    const auto none = UserInfo::parse(200, R"({"sub":"user-1","name":"No Email"})", "user-1");
    EXPECT_FALSE(none.email);
    EXPECT_FALSE(UserInfo::parse(200, R"({"sub":"user-1","email":42})", "user-1").email);
    EXPECT_FALSE(UserInfo::parse(200, R"({"sub":"user-1","email":""})", "user-1").email);
    EXPECT_FALSE(UserInfo::parse(200, "{\"sub\":\"user-1\",\"email\":\"" + std::string(400, 'a') + "\"}", "user-1").email);
}

TEST(UserInfo, NeverUsesAnotherAccountsClaims) {
    expectRefused(200, R"({"sub":"user-2","email":"mallory@example.com","email_verified":true})", "another account");
    expectRefused(200, R"({"email":"mallory@example.com","email_verified":true})", "another account");
    expectRefused(200, R"({"sub":42,"email":"mallory@example.com"})", "another account");
}

TEST(UserInfo, RefusesErrorsAndMalformedAnswers) {
    expectRefused(401, R"({"error":"invalid_token"})", "HTTP 401");
    expectRefused(200, "eyJhbGciOiJSUzI1NiJ9.e30.sig", "not a JSON object");
    expectRefused(200, "[]", "not a JSON object");
    expectRefused(200, std::string(UserInfo::kMaxBytes + 1, ' '), "not a JSON object");
    expectRefused(200, std::string(100, '[') + std::string(100, ']'), "not a JSON object");
}
