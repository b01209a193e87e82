#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/Environment.h>

#include "ConfigFixtures.h"
#include "cluster/ClusterSettings.h"

namespace sockstream::core {
namespace {

using test::environmentOf;

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

ClusterConfig withRedis(std::string url = "redis://127.0.0.1:6379") {
    ClusterConfig config;
    config.redisUrl = std::move(url);
    return config;
}

/// The message of the ConfigError resolving gives ("" when it resolves).
std::string errorFor(ClusterConfig config, std::map<std::string, std::string> env = {},
                     const std::string& httpHost = "127.0.0.1") {
    try {
        resolveClusterSettings(std::move(config), environmentOf(std::move(env)), httpHost, 8080);
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "";
}

TEST(ClusterSettings, OffWithoutARedisUrl) {
    ClusterConfig config;
    config.serverId = "edge-1";
    config.advertiseUrl = "http://10.0.0.7:8080";
    auto settings = resolveClusterSettings(config, environmentOf(), "0.0.0.0", 8080);
    EXPECT_FALSE(settings.enabled);
    EXPECT_EQ(settings.serverId, "standalone");
    EXPECT_EQ(settings.advertiseUrl, "");
}

TEST(ClusterSettings, AnEmptyVariableDoesNotTurnItOnOrOff) {
    EXPECT_FALSE(resolveClusterSettings({}, environmentOf({{"SOCKSTREAM_REDIS_URL", ""}}), "0.0.0.0", 8080).enabled);
    EXPECT_TRUE(resolveClusterSettings(withRedis(), environmentOf({{"SOCKSTREAM_REDIS_URL", ""}}), "127.0.0.1", 8080).enabled);
}

TEST(ClusterSettings, ReadsTheConfig) {
    ClusterConfig config = withRedis("redis://:pw@cache:6380/2");
    config.serverId = "edge-1";
    config.advertiseUrl = "http://10.0.0.7:8080";
    config.keyPrefix = "staging";
    config.broadcastTtlSeconds = 30;
    auto settings = resolveClusterSettings(config, environmentOf(), "0.0.0.0", 8080);
    EXPECT_TRUE(settings.enabled);
    EXPECT_EQ(settings.redis.host, "cache");
    EXPECT_EQ(settings.redis.port, 6380);
    EXPECT_EQ(settings.redis.database, 2);
    EXPECT_EQ(settings.redis.password, "pw");
    EXPECT_EQ(settings.serverId, "edge-1");
    EXPECT_EQ(settings.advertiseUrl, "http://10.0.0.7:8080");
    EXPECT_EQ(settings.keyPrefix, "staging");
    EXPECT_EQ(settings.broadcastTtl, std::chrono::seconds(30));
}

TEST(ClusterSettings, EnvironmentWins) {
    ClusterConfig config = withRedis("redis://from-file");
    config.serverId = "file-id";
    config.advertiseUrl = "http://file:8080";
    auto settings = resolveClusterSettings(config,
                                           environmentOf({{"SOCKSTREAM_REDIS_URL", "redis://from-env:7000"},
                                                        {"SOCKSTREAM_SERVER_ID", "env-id"},
                                                        {"SOCKSTREAM_ADVERTISE_URL", "http://env:9000"}}),
                                           "127.0.0.1", 8080);
    EXPECT_EQ(settings.redis.host, "from-env");
    EXPECT_EQ(settings.redis.port, 7000);
    EXPECT_EQ(settings.serverId, "env-id");
    EXPECT_EQ(settings.advertiseUrl, "http://env:9000");
}

TEST(ClusterSettings, EnvironmentAloneTurnsItOn) {
    auto settings = resolveClusterSettings({}, environmentOf({{"SOCKSTREAM_REDIS_URL", "redis://cache"}}), "127.0.0.1", 8080);
    EXPECT_TRUE(settings.enabled);
    EXPECT_EQ(settings.redis.host, "cache");
}

TEST(ClusterSettings, ServerIdDefaultsToHostnameAndPort) {
    auto settings = resolveClusterSettings(withRedis(), environmentOf(), "127.0.0.1", 8081);
    EXPECT_THAT(settings.serverId, EndsWith("-8081"));
    EXPECT_THAT(settings.serverId, MatchesRegex("[A-Za-z0-9_-]+"));
    EXPECT_LE(settings.serverId.size(), 64u);
    // Built from the host name, so servers on different machines differ.
    const std::string hostname = Poco::Environment::nodeName();
    if (!hostname.empty() && std::isalnum(static_cast<unsigned char>(hostname.front()))) {
        EXPECT_EQ(settings.serverId.front(), hostname.front());
    }
}

TEST(ClusterSettings, AdvertiseUrlDefaultsToTheBindAddress) {
    EXPECT_EQ(resolveClusterSettings(withRedis(), environmentOf(), "10.0.0.7", 8080).advertiseUrl, "http://10.0.0.7:8080");
    EXPECT_EQ(resolveClusterSettings(withRedis(), environmentOf(), "fd00::7", 9000).advertiseUrl, "http://[fd00::7]:9000");
}

TEST(ClusterSettings, AdvertiseUrlDefaultsToTheHostnameOnAWildcardBind) {
    const std::string expected = "http://" + Poco::Environment::nodeName() + ":8080";
    EXPECT_EQ(resolveClusterSettings(withRedis(), environmentOf(), "0.0.0.0", 8080).advertiseUrl, expected);
    EXPECT_EQ(resolveClusterSettings(withRedis(), environmentOf(), "", 8080).advertiseUrl, expected);
    EXPECT_EQ(resolveClusterSettings(withRedis(), environmentOf(), "::", 8080).advertiseUrl, expected);
}

TEST(ClusterSettings, AdvertiseUrlLosesTrailingSlashes) {
    ClusterConfig config = withRedis();
    config.advertiseUrl = "http://10.0.0.7:8080//";
    EXPECT_EQ(resolveClusterSettings(config, environmentOf(), "0.0.0.0", 8080).advertiseUrl, "http://10.0.0.7:8080");
}

TEST(ClusterSettings, MalformedRedisUrlNamesTheSetting) {
    EXPECT_THAT(errorFor(withRedis("rediss://cache")), StartsWith("cluster.redisUrl: "));
    EXPECT_THAT(errorFor(withRedis("redis://cache:0")), StartsWith("cluster.redisUrl: "));
    EXPECT_THAT(errorFor({}, {{"SOCKSTREAM_REDIS_URL", "redis://:%zz@cache"}}), StartsWith("cluster.redisUrl: "));
}

TEST(ClusterSettings, TheErrorDoesNotRepeatThePassword) {
    EXPECT_THAT(errorFor(withRedis("redis://:Hunter2@cache:port")), ::testing::Not(HasSubstr("Hunter2")));
}

TEST(ClusterSettings, AdvertiseUrlMustBePlainHttpWithoutSpaces) {
    ClusterConfig config = withRedis();
    config.advertiseUrl = "https://edge:8080";
    EXPECT_THAT(errorFor(config), HasSubstr("cluster.advertiseUrl"));
    EXPECT_THAT(errorFor(withRedis(), {{"SOCKSTREAM_ADVERTISE_URL", "edge:8080"}}), HasSubstr("SOCKSTREAM_ADVERTISE_URL"));
    EXPECT_THAT(errorFor(withRedis(), {{"SOCKSTREAM_ADVERTISE_URL", "http://edge :8080"}}), HasSubstr("cluster.advertiseUrl"));
    EXPECT_THAT(errorFor(withRedis(), {{"SOCKSTREAM_ADVERTISE_URL", "http://edge\n:8080"}}), HasSubstr("cluster.advertiseUrl"));
}

// BUG (core/src/cluster/ClusterSettings.cpp, resolveClusterSettings): the
// config file's serverId is checked (ServerConfig.cpp, readCluster) but
// SOCKSTREAM_SERVER_ID is taken as it is. A space, control character or more
// than 64 characters makes every envelope this server publishes fail
// ClusterEnvelope::decode on the others (dropped as "malformed server id"),
// and a '\n' corrupts its registry value "serverId\nbaseUrl". Enable once the
// resolved id is checked like the file's.
TEST(ClusterSettings, ServerIdFromTheEnvironmentIsChecked) {
    EXPECT_THAT(errorFor(withRedis(), {{"SOCKSTREAM_SERVER_ID", "edge 1"}}), HasSubstr("SERVER_ID"));
    EXPECT_THAT(errorFor(withRedis(), {{"SOCKSTREAM_SERVER_ID", "edge\n1"}}), HasSubstr("SERVER_ID"));
    EXPECT_THAT(errorFor(withRedis(), {{"SOCKSTREAM_SERVER_ID", std::string(65, 'e')}}), HasSubstr("SERVER_ID"));
}

}  // namespace
}  // namespace sockstream::core
