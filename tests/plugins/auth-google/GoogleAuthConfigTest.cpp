#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "oidc/GoogleAuthConfig.h"

using namespace sockstream::authgoogle;

namespace {
Poco::JSON::Object::Ptr parse(const std::string& json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}
GoogleAuthConfig::Environment env(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}
}  // namespace

TEST(GoogleAuthConfig, DefaultsToGoogleAndThePublicUrl) {
    auto c = GoogleAuthConfig::fromJson(*parse(R"({"clientId":"id","clientSecret":"secret"})"), "https://tv.example/", env({}));
    EXPECT_EQ(c.issuer, "https://accounts.google.com");
    EXPECT_EQ(c.redirectUrl, "https://tv.example/api/auth/google/callback");
    EXPECT_EQ(c.scopes, (std::vector<std::string>{"openid", "email", "profile"}));
    EXPECT_EQ(c.clientId, "id");
    EXPECT_EQ(c.connectTimeout, std::chrono::milliseconds(5000));
}

TEST(GoogleAuthConfig, EnvironmentWins) {
    auto c = GoogleAuthConfig::fromJson(*parse(R"({"clientId":"file-id","clientSecret":"file-secret"})"), "http://x",
                                        env({{"SOCKSTREAM_GOOGLE_CLIENT_ID", "env-id"}, {"SOCKSTREAM_GOOGLE_CLIENT_SECRET", "env-secret"}}));
    EXPECT_EQ(c.clientId, "env-id");
    EXPECT_EQ(c.clientSecret, "env-secret");
}

TEST(GoogleAuthConfig, ReadsEveryOption) {
    auto c = GoogleAuthConfig::fromJson(*parse(R"({"issuer":"https://127.0.0.1:9443","clientId":"a","clientSecret":"b",
        "redirectUrl":"http://127.0.0.1:1/cb","scopes":["openid","email"],"allowedHostedDomains":["example.com"],
        "caFile":"/tmp/ca.pem","connectTimeoutMs":500,"readTimeoutMs":700,"tokenEndpointAuthMethod":"client_secret_post"})"),
                                        "http://x", env({}));
    EXPECT_EQ(c.issuer, "https://127.0.0.1:9443");
    EXPECT_EQ(c.redirectUrl, "http://127.0.0.1:1/cb");
    EXPECT_EQ(c.allowedHostedDomains, std::vector<std::string>{"example.com"});
    EXPECT_EQ(c.caFile, "/tmp/ca.pem");
    EXPECT_EQ(c.readTimeout, std::chrono::milliseconds(700));
    EXPECT_EQ(c.tokenEndpointAuthMethod, "client_secret_post");
}

TEST(GoogleAuthConfig, RefusesBadConfiguration) {
    auto bad = [](const std::string& json) {
        EXPECT_THROW(GoogleAuthConfig::fromJson(*parse(json), "http://x", env({})), std::invalid_argument) << json;
    };
    bad(R"({})");
    bad(R"({"clientId":"a"})");
    bad(R"({"clientId":"a","clientSecret":"b","issuer":"http://op.example"})");
    bad(R"({"clientId":"a","clientSecret":"b","issuer":42})");
    bad(R"({"clientId":"a","clientSecret":"b","scopes":["email"]})");
    bad(R"({"clientId":"a","clientSecret":"b","scopes":"openid"})");
    bad(R"({"clientId":"a","clientSecret":"b","connectTimeoutMs":0})");
    bad(R"({"clientId":"a","clientSecret":"b","readTimeoutMs":"5"})");
    bad(R"({"clientId":"a","clientSecret":"b","tokenEndpointAuthMethod":"none"})");
    bad(R"({"clientId":"a","clientSecret":"b","redirectUrl":"ftp://x/cb"})");
    bad(R"({"clientId":"a","clientSecret":"b","allowedHostedDomains":[""]})");
}
