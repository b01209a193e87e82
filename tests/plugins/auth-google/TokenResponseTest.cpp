#include <gtest/gtest.h>

#include "oidc/OidcError.h"
#include "oidc/TokenResponse.h"

using namespace sockstream::authgoogle;

namespace {
void expectRefused(int status, const std::string& body, const std::string& why) {
    try {
        TokenResponse::parse(status, body);
        ADD_FAILURE() << "accepted: " << body;
    } catch (const OidcError& e) {
        EXPECT_EQ(e.code(), "token_exchange_failed");
        EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
}
}  // namespace

TEST(TokenResponse, ReadsTheIdToken) {
    auto r = TokenResponse::parse(200, R"({"access_token":"at","token_type":"Bearer","id_token":"a.b.c","expires_in":3600})");
    EXPECT_EQ(r.idToken, "a.b.c");
    EXPECT_EQ(r.accessToken, "at");
    EXPECT_EQ(TokenResponse::parse(200, R"({"token_type":"bearer","id_token":"x"})").idToken, "x");
}

TEST(TokenResponse, KeepsOnlyAUsableAccessToken) {
    // The access token is optional (the ID token is what signs in); an odd one is dropped, not fatal.
    EXPECT_EQ(TokenResponse::parse(200, R"({"id_token":"x"})").accessToken, "");
    EXPECT_EQ(TokenResponse::parse(200, R"({"id_token":"x","access_token":42})").accessToken, "");
    EXPECT_EQ(TokenResponse::parse(200, R"({"id_token":"x","access_token":"a\r\nX-Injected: 1"})").accessToken, "");
    EXPECT_EQ(TokenResponse::parse(200, R"({"id_token":"x","access_token":"with space"})").accessToken, "");
    const std::string big(TokenResponse::kMaxAccessTokenBytes + 1, 'a');
    EXPECT_EQ(TokenResponse::parse(200, R"({"id_token":"x","access_token":")" + big + "\"}").accessToken, "");
}

TEST(TokenResponse, ReportsProviderErrors) {
    expectRefused(400, R"({"error":"invalid_grant","error_description":"grant request is invalid"})", "invalid_grant");
    expectRefused(200, R"({"error":"invalid_client"})", "invalid_client");
    expectRefused(500, "<html>oops</html>", "HTTP 500");
    expectRefused(401, "{}", "HTTP 401");
}

TEST(TokenResponse, RefusesIncompleteAnswers) {
    expectRefused(200, R"({"access_token":"at","token_type":"Bearer"})", "no id_token");
    expectRefused(200, R"({"id_token":""})", "no id_token");
    expectRefused(200, R"({"id_token":42})", "no id_token");
    expectRefused(200, R"({"id_token":"a.b.c","token_type":"mac"})", "token_type");
    expectRefused(200, "not json", "malformed");
    expectRefused(200, std::string(TokenResponse::kMaxBytes + 1, ' '), "larger than");
}

TEST(TokenResponse, KeepsErrorCodesPrintable) {
    try {
        TokenResponse::parse(400, "{\"error\":\"bad\\u0000\\n<script>\"}");
        FAIL();
    } catch (const OidcError& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
}
