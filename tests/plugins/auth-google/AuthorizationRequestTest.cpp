#include <gtest/gtest.h>

#include <Poco/URI.h>

#include "oidc/AuthorizationRequest.h"

using namespace sockstream::authgoogle;

namespace {
std::map<std::string, std::string> queryOf(const std::string& url) {
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : Poco::URI(url).getQueryParameters()) out[k] = v;
    return out;
}
}  // namespace

TEST(AuthorizationRequest, CarriesEveryParameter) {
    GoogleAuthConfig config;
    config.clientId = "client id&x";
    config.redirectUrl = "https://app.example/api/auth/google/callback";
    std::string url = AuthorizationRequest::url("https://op.example/auth", config, "st", "no", "ch");
    EXPECT_EQ(url.rfind("https://op.example/auth?", 0), 0u);
    auto q = queryOf(url);
    EXPECT_EQ(q["response_type"], "code");
    EXPECT_EQ(q["client_id"], "client id&x");
    EXPECT_EQ(q["redirect_uri"], config.redirectUrl);
    EXPECT_EQ(q["scope"], "openid email profile");
    EXPECT_EQ(q["state"], "st");
    EXPECT_EQ(q["nonce"], "no");
    EXPECT_EQ(q["code_challenge"], "ch");
    EXPECT_EQ(q["code_challenge_method"], "S256");
    EXPECT_EQ(q.count("hd"), 0u);
}

TEST(AuthorizationRequest, AppendsToAnEndpointWithAQueryAndHintsTheDomain) {
    GoogleAuthConfig config;
    config.allowedHostedDomains = {"example.com"};
    std::string url = AuthorizationRequest::url("https://op.example/auth?tenant=1", config, "s", "n", "c");
    auto q = queryOf(url);
    EXPECT_EQ(q["tenant"], "1");
    EXPECT_EQ(q["hd"], "example.com");
}
