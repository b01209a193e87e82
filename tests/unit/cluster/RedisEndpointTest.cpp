#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cluster/RedisEndpoint.h"

namespace sockstream::core {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

RedisEndpoint parsed(const std::string& url) {
    std::string error;
    auto endpoint = RedisEndpoint::parse(url, error);
    EXPECT_TRUE(endpoint) << url << ": " << error;
    return endpoint.value_or(RedisEndpoint{});
}

/// The error parsing `url` gives ("" when it parses).
std::string errorFor(const std::string& url) {
    std::string error;
    auto endpoint = RedisEndpoint::parse(url, error);
    if (endpoint) return "";
    EXPECT_FALSE(error.empty()) << url << " was refused without a reason";
    return error.empty() ? "(no reason)" : error;
}

TEST(RedisEndpoint, HostOnlyTakesTheDefaults) {
    auto endpoint = parsed("redis://redis.internal");
    EXPECT_EQ(endpoint.host, "redis.internal");
    EXPECT_EQ(endpoint.port, 6379);
    EXPECT_EQ(endpoint.database, 0);
    EXPECT_EQ(endpoint.user, "");
    EXPECT_EQ(endpoint.password, "");
}

TEST(RedisEndpoint, HostAndPort) {
    auto endpoint = parsed("redis://10.0.0.5:6380");
    EXPECT_EQ(endpoint.host, "10.0.0.5");
    EXPECT_EQ(endpoint.port, 6380);
    EXPECT_EQ(parsed("redis://h:1").port, 1);
    EXPECT_EQ(parsed("redis://h:65535").port, 65535);
}

TEST(RedisEndpoint, DatabaseFromThePath) {
    auto endpoint = parsed("redis://h:6380/7");
    EXPECT_EQ(endpoint.host, "h");
    EXPECT_EQ(endpoint.port, 6380);
    EXPECT_EQ(endpoint.database, 7);
    EXPECT_EQ(parsed("redis://h/0").database, 0);
    EXPECT_EQ(parsed("redis://h/").database, 0) << "an empty path is database 0";
}

TEST(RedisEndpoint, PasswordOnly) {
    auto endpoint = parsed("redis://:s3cret@h:6380/2");
    EXPECT_EQ(endpoint.user, "");
    EXPECT_EQ(endpoint.password, "s3cret");
    EXPECT_EQ(endpoint.host, "h");
    EXPECT_EQ(endpoint.port, 6380);
    EXPECT_EQ(endpoint.database, 2);
    EXPECT_EQ(parsed("redis://s3cret@h").password, "s3cret") << "userinfo without ':' is the password";
}

TEST(RedisEndpoint, UserAndPasswordArePercentDecoded) {
    auto endpoint = parsed("redis://app%2Duser:p%40ss%3Aw%2Fo%25rd@h");
    EXPECT_EQ(endpoint.user, "app-user");
    EXPECT_EQ(endpoint.password, "p@ss:w/o%rd");
    EXPECT_EQ(endpoint.host, "h");
    EXPECT_EQ(parsed("redis://u:%7e%7E@h").password, "~~") << "hex digits in either case";
}

TEST(RedisEndpoint, AtSignInThePasswordSplitsAtTheLastOne) {
    auto endpoint = parsed("redis://u:a@b@h:1");
    EXPECT_EQ(endpoint.password, "a@b");
    EXPECT_EQ(endpoint.host, "h");
}

TEST(RedisEndpoint, BracketedIpv6) {
    auto endpoint = parsed("redis://[::1]:6380");
    EXPECT_EQ(endpoint.host, "::1");
    EXPECT_EQ(endpoint.port, 6380);
    auto withDefaults = parsed("redis://:pw@[fd00::7]/3");
    EXPECT_EQ(withDefaults.host, "fd00::7");
    EXPECT_EQ(withDefaults.port, 6379);
    EXPECT_EQ(withDefaults.database, 3);
    EXPECT_EQ(withDefaults.password, "pw");
}

TEST(RedisEndpoint, RefusesOtherSchemes) {
    EXPECT_THAT(errorFor("rediss://h"), HasSubstr("redis://"));
    EXPECT_THAT(errorFor("http://h"), HasSubstr("redis://"));
    EXPECT_THAT(errorFor("REDIS://h"), HasSubstr("redis://"));
    EXPECT_THAT(errorFor("h:6379"), HasSubstr("redis://"));
    EXPECT_THAT(errorFor(""), HasSubstr("redis://"));
    EXPECT_THAT(errorFor(" redis://h"), HasSubstr("redis://"));
}

TEST(RedisEndpoint, RefusesAnEmptyHost) {
    EXPECT_THAT(errorFor("redis://"), HasSubstr("host"));
    EXPECT_THAT(errorFor("redis://:6379"), HasSubstr("host"));
    EXPECT_THAT(errorFor("redis:///0"), HasSubstr("host"));
    EXPECT_THAT(errorFor("redis://:pw@"), HasSubstr("host"));
    EXPECT_THAT(errorFor("redis://[]:6379"), HasSubstr("host"));
}

TEST(RedisEndpoint, RefusesBadPorts) {
    for (const char* url : {"redis://h:0", "redis://h:70000", "redis://h:65536", "redis://h:abc", "redis://h:-1",
                            "redis://h:+80", "redis://h:80x", "redis://h: 80", "redis://h:99999999999999999999",
                            "redis://[::1]:0", "redis://[::1]:x"})
        EXPECT_THAT(errorFor(url), HasSubstr("port")) << url;
}

TEST(RedisEndpoint, RefusesBadIpv6Brackets) {
    EXPECT_THAT(errorFor("redis://[::1"), HasSubstr("["));
    EXPECT_NE(errorFor("redis://[::1]6380"), "");
    EXPECT_NE(errorFor("redis://[::1]x:6380"), "");
}

TEST(RedisEndpoint, RefusesABadDatabase) {
    for (const char* url : {"redis://h/x", "redis://h/-1", "redis://h/1001", "redis://h/0/1", "redis://h/1x",
                            "redis://h:6379/ 1"})
        EXPECT_THAT(errorFor(url), HasSubstr("database")) << url;
}

TEST(RedisEndpoint, RefusesMalformedEscapes) {
    for (const char* url : {"redis://:%@h", "redis://:%4@h", "redis://:ab%@h", "redis://:%zz@h", "redis://:%4g@h",
                            "redis://%G1:pw@h", "redis://u:%@h", "redis://:% 1@h"})
        EXPECT_THAT(errorFor(url), HasSubstr("%-escape")) << url;
}

// BUG (core/src/cluster/RedisEndpoint.cpp, percentDecoded): std::from_chars
// accepts a leading '-' for int, so "%-1" is taken as an escape and decodes to
// byte 0xFF ("%-F" to 0xF1). Enable once percentDecoded checks for two hex digits.
TEST(RedisEndpoint, RefusesASignInAnEscape) {
    EXPECT_THAT(errorFor("redis://:%-1@h"), HasSubstr("%-escape"));
    EXPECT_THAT(errorFor("redis://u%-F:pw@h"), HasSubstr("%-escape"));
}

TEST(RedisEndpoint, RefusesOverLongUrls) {
    const std::string longest = "redis://" + std::string(2048 - 8, 'h');
    EXPECT_EQ(errorFor(longest), "") << "2048 characters is the limit, not over it";
    EXPECT_THAT(errorFor(longest + "h"), HasSubstr("2048"));
    EXPECT_THAT(errorFor("redis://:" + std::string(100'000, 'p') + "@h"), HasSubstr("2048"));
}

TEST(RedisEndpoint, DescribeNeverShowsThePassword) {
    auto endpoint = parsed("redis://admin:Hunter2-secret@cache.internal:6380/4");
    EXPECT_EQ(endpoint.describe(), "cache.internal:6380/4");
    EXPECT_THAT(endpoint.describe(), Not(HasSubstr("Hunter2")));
    EXPECT_THAT(endpoint.describe(), Not(HasSubstr("admin")));
    auto escaped = parsed("redis://:p%40ss@h");
    EXPECT_THAT(escaped.describe(), Not(HasSubstr("p@ss")));
    EXPECT_THAT(escaped.describe(), Not(HasSubstr("p%40ss")));
}

}  // namespace
}  // namespace sockstream::core
