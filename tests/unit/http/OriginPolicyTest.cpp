#include <gtest/gtest.h>

#include "http/OriginPolicy.h"

namespace sockstream::core {
namespace {

HttpRequest write(std::vector<std::pair<std::string, std::string>> headers, std::string method = "POST") {
    HttpRequest request;
    request.method = std::move(method);
    request.path = "/api/x";
    request.headers = std::move(headers);
    return request;
}

class OriginPolicyTest : public ::testing::Test {
protected:
    OriginPolicy policy{"https://TV.example/", {"http://localhost:5173"}, {"sockstream_session",
                                                                           "__Secure-sockstream_session"}};
};

TEST(OriginOf, KeepsSchemeHostAndPortLowercased) {
    EXPECT_EQ(OriginPolicy::originOf("https://TV.Example:8443/path?q=1"), "https://tv.example:8443");
    EXPECT_EQ(OriginPolicy::originOf("http://a.example"), "http://a.example");
}

TEST_F(OriginPolicyTest, AllowsOwnConfiguredAndSameHostOrigins) {
    HttpRequest request = write({{"Host", "127.0.0.1:8080"}});
    EXPECT_TRUE(policy.allows("https://tv.example", request));
    EXPECT_TRUE(policy.allows(" https://TV.EXAMPLE ", request));
    EXPECT_TRUE(policy.allows("http://localhost:5173", request));
    EXPECT_TRUE(policy.allows("http://127.0.0.1:8080", request)) << "the request's own host";
    EXPECT_FALSE(policy.allows("https://tv.example.evil.example", request));
    EXPECT_FALSE(policy.allows("http://tv.example", request)) << "scheme is part of the origin";
    EXPECT_FALSE(policy.allows("null", request));
}

TEST_F(OriginPolicyTest, RefusesOnlyWritesWithSessionFromForeignOrigins) {
    auto secure = std::pair<std::string, std::string>{"Cookie", "__Secure-sockstream_session=t"};
    auto foreign = std::pair<std::string, std::string>{"Origin", "https://evil.example"};
    EXPECT_TRUE(policy.refuses(write({secure, foreign})));
    EXPECT_TRUE(policy.refuses(write({secure, foreign}, "DELETE")));
    EXPECT_TRUE(policy.refuses(write({secure, foreign}, "PATCH")));
    EXPECT_FALSE(policy.refuses(write({secure, foreign}, "GET")));
    EXPECT_FALSE(policy.refuses(write({secure, foreign}, "HEAD")));
    EXPECT_FALSE(policy.refuses(write({secure, foreign}, "OPTIONS")));
    EXPECT_FALSE(policy.refuses(write({{"Cookie", "other=1"}, foreign})));
    EXPECT_FALSE(policy.refuses(write({secure, {"Origin", "https://tv.example"}})));
    EXPECT_TRUE(policy.refuses(write({secure, {"Origin", "null"}})));
}

TEST_F(OriginPolicyTest, CrossSiteLooksAtOriginThenSecFetchSiteThenReferer) {
    using Headers = std::vector<std::pair<std::string, std::string>>;
    const auto crossSite = [&](Headers headers) { return policy.crossSite(write(std::move(headers))); };
    EXPECT_TRUE(crossSite({{"Origin", "https://evil.example"}}));
    EXPECT_TRUE(crossSite({{"Origin", "null"}}));
    EXPECT_FALSE(crossSite({{"Origin", "https://tv.example"}, {"Sec-Fetch-Site", "same-origin"}}));
    EXPECT_FALSE(crossSite({{"Host", "127.0.0.1:8080"}, {"Origin", "http://127.0.0.1:8080"}}));
    EXPECT_TRUE(crossSite({{"Sec-Fetch-Site", "cross-site"}}));
    EXPECT_TRUE(crossSite({{"Sec-Fetch-Site", " Cross-Site "}}));
    EXPECT_FALSE(crossSite({{"Sec-Fetch-Site", "same-origin"}}));
    EXPECT_FALSE(crossSite({{"Sec-Fetch-Site", "none"}})) << "typed in the address bar";
    // An origin the operator allowed stays allowed, cross-site or not.
    EXPECT_FALSE(crossSite({{"Origin", "http://localhost:5173"}, {"Sec-Fetch-Site", "cross-site"}}));
    EXPECT_TRUE(crossSite({{"Referer", "https://evil.example/page"}}));
    EXPECT_FALSE(crossSite({{"Referer", "https://tv.example/rooms/1"}}));
    EXPECT_FALSE(crossSite({})) << "no browser headers: curl or a script, which has no victim's cookies";
}

TEST_F(OriginPolicyTest, TheCookieBoundCheckUsesTheSameDecision) {
    auto session = std::pair<std::string, std::string>{"Cookie", "sockstream_session=t"};
    EXPECT_TRUE(policy.refuses(write({session, {"Sec-Fetch-Site", "cross-site"}})));
    EXPECT_FALSE(policy.refuses(write({{"Sec-Fetch-Site", "cross-site"}})));
    EXPECT_FALSE(policy.refuses(write({session})));
}

}  // namespace
}  // namespace sockstream::core
