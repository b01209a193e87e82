#include <gtest/gtest.h>

#include <Poco/Base64Decoder.h>

#include <sstream>

#include "FakeProviderHttp.h"
#include "oidc/OidcError.h"
#include "oidc/TokenExchange.h"

using namespace sockstream::authgoogle;

namespace {
struct TokenExchangeTest : ::testing::Test {
    TokenExchangeTest() {
        metadata.issuer = "https://op.example";
        metadata.tokenEndpoint = "https://op.example/token";
        config.clientId = "client:1";
        config.clientSecret = "s3cret&+=";
        config.redirectUrl = "http://127.0.0.1:8080/api/auth/google/callback";
        http.answers[metadata.tokenEndpoint] = {200, R"({"token_type":"Bearer","id_token":"h.p.s"})"};
    }
    test::FakeProviderHttp http;
    ProviderMetadata metadata;
    GoogleAuthConfig config;
};

std::string decodeBase64(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    return std::string(std::istreambuf_iterator<char>(decoder), {});
}
}  // namespace

TEST_F(TokenExchangeTest, UsesBasicAuthWithFormEncodedCredentials) {
    auto response = TokenExchange::redeem(http, metadata, config, "code/1", "verifier-xyz");
    EXPECT_EQ(response.idToken, "h.p.s");
    ASSERT_EQ(http.calls.size(), 1u);
    const auto& call = http.calls[0];
    EXPECT_EQ(call.method, "POST");
    EXPECT_EQ(call.body, "grant_type=authorization_code&code=code%2F1&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fapi%2Fauth%2Fgoogle%2Fcallback&code_verifier=verifier-xyz");
    ASSERT_TRUE(call.authorization);
    ASSERT_EQ(call.authorization->rfind("Basic ", 0), 0u);
    EXPECT_EQ(decodeBase64(call.authorization->substr(6)), "client%3A1:s3cret%26%2B%3D");
}

TEST_F(TokenExchangeTest, UsesPostWhenThatIsAllTheProviderSupports) {
    metadata.tokenEndpointAuthMethods = {"client_secret_post", "private_key_jwt"};
    TokenExchange::redeem(http, metadata, config, "c", "v");
    const auto& call = http.calls.at(0);
    EXPECT_FALSE(call.authorization);
    EXPECT_NE(call.body.find("&client_id=client%3A1&client_secret=s3cret%26%2B%3D"), std::string::npos);
}

TEST_F(TokenExchangeTest, ConfiguredMethodWins) {
    config.tokenEndpointAuthMethod = "client_secret_post";
    EXPECT_EQ(TokenExchange::authMethod(config, metadata), "client_secret_post");
    config.tokenEndpointAuthMethod = "";
    EXPECT_EQ(TokenExchange::authMethod(config, metadata), "client_secret_basic");
}

TEST_F(TokenExchangeTest, RefusesMissingOrHugeCodesWithoutCallingTheProvider) {
    EXPECT_THROW(TokenExchange::redeem(http, metadata, config, "", "v"), OidcError);
    EXPECT_THROW(TokenExchange::redeem(http, metadata, config, std::string(5000, 'c'), "v"), OidcError);
    EXPECT_TRUE(http.calls.empty());
}

TEST_F(TokenExchangeTest, ReportsExchangeErrors) {
    http.answers[metadata.tokenEndpoint] = {400, R"({"error":"invalid_grant"})"};
    try {
        TokenExchange::redeem(http, metadata, config, "c", "v");
        FAIL();
    } catch (const OidcError& e) {
        EXPECT_EQ(e.code(), "token_exchange_failed");
    }
    http.answers.clear();
    try {
        TokenExchange::redeem(http, metadata, config, "c", "v");
        FAIL();
    } catch (const OidcError& e) {
        EXPECT_EQ(e.code(), "provider_unreachable");
    }
}
