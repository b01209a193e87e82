#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ConfigFixtures.h"
#include "TempDir.h"
#include "config/ServerConfig.h"

namespace sockstream::core {
namespace {

using test::configErrorFor;

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(ServerConfig, ShippedConfigIsValid) {
    ServerConfig config = loadServerConfig(SHIPPED_CONFIG);
    EXPECT_EQ(config.httpPort, 8080);
    EXPECT_EQ(config.channels.size(), 4u);
    ASSERT_FALSE(config.plugins.empty());
    for (const auto& plugin : config.plugins) {
        EXPECT_FALSE(plugin.library.empty()) << plugin.name;
        EXPECT_TRUE(plugin.config) << plugin.name;
    }
}

TEST(ServerConfig, EmptyObjectGivesDefaults) {
    ServerConfig config = parseServerConfig("{}", "site.json");
    EXPECT_EQ(config.sourceFile, "site.json");
    EXPECT_EQ(config.host, "0.0.0.0");
    EXPECT_EQ(config.httpPort, 8080);
    EXPECT_EQ(config.dataDir, "./data");
    EXPECT_EQ(config.webRoot, "web/dist");
    EXPECT_EQ(config.logLevel, "information");
    EXPECT_EQ(config.webSocketThreads, 1) << "WebSockets share one loop unless told otherwise";
    EXPECT_EQ(config.limits.maxHeaderBytes, 16u * 1024);
    EXPECT_EQ(config.limits.maxBodyBytes, 1024u * 1024);
    EXPECT_TRUE(config.plugins.empty());
    EXPECT_TRUE(config.channels.empty());
}

TEST(ServerConfig, ReadsTheConnectionLimits) {
    ServerConfig defaults = parseServerConfig("{}", "site.json");
    EXPECT_EQ(defaults.limits.maxConnections, 20'000u);
    EXPECT_EQ(defaults.limits.maxConnectionsPerAddress, 256u);
    EXPECT_EQ(defaults.limits.idleTimeoutUnderPressureSeconds, 5);
    EXPECT_TRUE(defaults.limits.exemptAddresses.empty());
    ServerConfig config = parseServerConfig(R"({"server": {"limits": {"maxConnections": 500,
        "maxConnectionsPerAddress": 0, "idleTimeoutUnderPressureSeconds": 2, "exemptAddresses": ["10.0.0.0/8"]}}})",
                                            "site.json");
    EXPECT_EQ(config.limits.maxConnections, 500u);
    EXPECT_EQ(config.limits.maxConnectionsPerAddress, 0u);
    EXPECT_EQ(config.limits.idleTimeoutUnderPressureSeconds, 2);
    EXPECT_EQ(config.limits.exemptAddresses, std::vector<std::string>{"10.0.0.0/8"});
    EXPECT_EQ(configErrorFor(R"({"server": {"limits": {"maxConnections": 0}}})"),
              "site.json: server.limits.maxConnections must be between 1 and 10000000");
    EXPECT_EQ(configErrorFor(R"({"server": {"limits": {"exemptAddresses": "10.0.0.1"}}})"),
              "site.json: server.limits.exemptAddresses must be an array");
}

TEST(ServerConfig, ReadsEverySection) {
    ServerConfig config = parseServerConfig(R"({
      "server": {"host": "127.0.0.1", "httpPort": 9000, "publicUrl": "https://tv.example", "dataDir": "/var/x",
                 "webRoot": "/srv/web", "pluginDir": "/opt/p", "logLevel": "debug", "ioThreads": 2,
                 "webSocketThreads": 0, "workerThreads": 3, "allowedOrigins": ["https://a.example"],
                 "limits": {"maxHeaderBytes": 4096, "maxBodyBytes": 10, "requestTimeoutSeconds": 5,
                            "idleTimeoutSeconds": 6}},
      "channels": [{"id": "b", "title": "B", "description": "bee", "order": 5}, {"id": "a"}],
      "rooms": {"maxRoomsPerUser": 2, "streamKeyTtlMinutes": 2, "reconnectGraceSeconds": 7, "publishOpenTimeoutSeconds": 4,
                "admins": ["u1"]},
      "plugins": [{"name": "chat", "library": "/x/libchat.so", "enabled": false, "dependencies": ["auth"],
                   "config": {"maxMessageLength": 300}},
                  {"name": "auth"}]
    })", "site.json");
    EXPECT_EQ(config.host, "127.0.0.1");
    EXPECT_EQ(config.httpPort, 9000);
    EXPECT_EQ(config.publicUrl, "https://tv.example");
    EXPECT_EQ(config.pluginDir, "/opt/p");
    EXPECT_EQ(config.ioThreads, 2);
    EXPECT_EQ(config.webSocketThreads, 0);
    EXPECT_EQ(config.workerThreads, 3);
    EXPECT_EQ(config.allowedOrigins, std::vector<std::string>{"https://a.example"});
    EXPECT_EQ(config.limits.maxHeaderBytes, 4096u);
    EXPECT_EQ(config.limits.maxBodyBytes, 10u);
    EXPECT_EQ(config.limits.requestTimeoutSeconds, 5);
    EXPECT_EQ(config.limits.idleTimeoutSeconds, 6);
    ASSERT_EQ(config.channels.size(), 2u);
    EXPECT_EQ(config.channels[0].order, 5);
    EXPECT_EQ(config.channels[1].title, "a") << "a channel without a title shows its id";
    EXPECT_EQ(config.channels[1].order, 1) << "without an order, the position in the file";
    EXPECT_EQ(config.rooms.maxRoomsPerUser, 2);
    EXPECT_EQ(config.rooms.streamKeyTtlSeconds, 120);
    EXPECT_EQ(config.rooms.reconnectGraceSeconds, 7);
    EXPECT_EQ(config.rooms.publishOpenTimeoutSeconds, 4);
    ASSERT_EQ(config.plugins.size(), 2u);
    const auto& chat = config.plugins[0];
    EXPECT_EQ(chat.library, "/x/libchat.so");
    EXPECT_FALSE(chat.enabled);
    EXPECT_EQ(chat.dependencies, std::vector<std::string>{"auth"});
    EXPECT_EQ(chat.config->getValue<int>("maxMessageLength"), 300);
    const auto& auth = config.plugins[1];
    EXPECT_EQ(auth.library, "auth") << "the library defaults to the plugin name";
    EXPECT_TRUE(auth.enabled);
    ASSERT_TRUE(auth.config);
    EXPECT_EQ(auth.config->size(), 0u);
}

TEST(ServerConfig, NotJsonNamesTheFile) {
    EXPECT_THAT(configErrorFor("{\"server\": "), StartsWith("site.json: not valid JSON"));
    EXPECT_THAT(configErrorFor(""), StartsWith("site.json: not valid JSON"));
    EXPECT_THAT(configErrorFor("[1, 2]"), StartsWith("site.json: the top level must be a JSON object"));
}

TEST(ServerConfig, UnknownKeysAreNamedWithTheirPath) {
    EXPECT_EQ(configErrorFor(R"({"colour": "blue"})"), "site.json: colour is not a known setting");
    EXPECT_EQ(configErrorFor(R"({"server": {"prot": 1}})"), "site.json: server.prot is not a known setting");
    EXPECT_EQ(configErrorFor(R"({"server": {"limits": {"maxBody": 1}}})"),
              "site.json: server.limits.maxBody is not a known setting");
    EXPECT_EQ(configErrorFor(R"({"plugins": [{"name": "a", "enable": true}]})"),
              "site.json: plugins[0].enable is not a known setting (did you mean \"enabled\"?)");
    EXPECT_EQ(configErrorFor(R"({"channels": [{"id": "a", "colour": "x"}]})"),
              "site.json: channels[0].colour is not a known setting");
    EXPECT_EQ(configErrorFor(R"({"rooms": {"maxRooms": 2}})"), "site.json: rooms.maxRooms is not a known setting");
}

TEST(ServerConfig, AProtocolsOldServerKeyIsUnknownToTheCore) {
    // The rtmp plugin's README says where it went ("publicUrl" in its own config);
    // the core names no protocol, not even to point at its new home.
    EXPECT_THAT(configErrorFor(R"({"server": {"rtmpPublicUrl": "rtmp://tv.example/live"}})"),
                StartsWith("site.json: server.rtmpPublicUrl is not a known setting"));
}

TEST(ServerConfig, WrongTypesAreNamedWithTheirPath) {
    EXPECT_EQ(configErrorFor(R"({"server": {"httpPort": "8080"}})"), "site.json: server.httpPort must be an integer");
    EXPECT_EQ(configErrorFor(R"({"server": {"httpPort": 80.5}})"), "site.json: server.httpPort must be an integer");
    EXPECT_EQ(configErrorFor(R"({"server": {"httpPort": true}})"), "site.json: server.httpPort must be an integer");
    EXPECT_EQ(configErrorFor(R"({"rooms": {"maxRoomsPerUser": false}})"),
              "site.json: rooms.maxRoomsPerUser must be an integer");
    EXPECT_EQ(configErrorFor(R"({"server": {"host": 5}})"), "site.json: server.host must be a string");
    EXPECT_EQ(configErrorFor(R"({"server": []})"), "site.json: server must be an object");
    EXPECT_EQ(configErrorFor(R"({"server": {"limits": 3}})"), "site.json: server.limits must be an object");
    EXPECT_EQ(configErrorFor(R"({"server": {"allowedOrigins": "x"}})"), "site.json: server.allowedOrigins must be an array");
    EXPECT_EQ(configErrorFor(R"({"server": {"allowedOrigins": ["x", 1]}})"),
              "site.json: server.allowedOrigins[1] must be a string");
    EXPECT_EQ(configErrorFor(R"({"plugins": {}})"), "site.json: plugins must be an array");
    EXPECT_EQ(configErrorFor(R"({"plugins": ["chat"]})"), "site.json: plugins[0] must be an object");
    EXPECT_EQ(configErrorFor(R"({"plugins": [{"name": "a", "enabled": "yes"}]})"),
              "site.json: plugins[0].enabled must be true or false");
    EXPECT_EQ(configErrorFor(R"({"plugins": [{"name": "a", "dependencies": "b"}]})"),
              "site.json: plugins[0].dependencies must be an array");
    EXPECT_EQ(configErrorFor(R"({"plugins": [{"name": "a", "config": []}]})"),
              "site.json: plugins[0].config must be an object");
    EXPECT_EQ(configErrorFor(R"({"rooms": {"admins": [1]}})"), "site.json: rooms.admins[0] must be a string");
}

TEST(ServerConfig, OutOfRangeValuesAreRefused) {
    EXPECT_EQ(configErrorFor(R"({"server": {"httpPort": 70000}})"),
              "site.json: server.httpPort must be between 0 and 65535");
    EXPECT_EQ(configErrorFor(R"({"server": {"workerThreads": 0}})"),
              "site.json: server.workerThreads must be between 1 and 1024");
    EXPECT_EQ(configErrorFor(R"({"server": {"webSocketThreads": -1}})"),
              "site.json: server.webSocketThreads must be between 0 and 256");
    EXPECT_THAT(configErrorFor(R"({"server": {"limits": {"maxHeaderBytes": 10}}})"),
                StartsWith("site.json: server.limits.maxHeaderBytes must be between 1024"));
    EXPECT_THAT(configErrorFor(R"({"server": {"logLevel": "loud"}})"), StartsWith("site.json: server.logLevel must be one of"));
}

TEST(ServerConfig, IdentifiersAreChecked) {
    EXPECT_THAT(configErrorFor(R"({"plugins": [{"library": "x"}]})"), StartsWith("site.json: plugins[0].name must be"));
    EXPECT_THAT(configErrorFor(R"({"plugins": [{"name": "../evil"}]})"), StartsWith("site.json: plugins[0].name must be"));
    EXPECT_THAT(configErrorFor(R"({"channels": [{"id": "a b"}]})"), StartsWith("site.json: channels[0].id must be"));
}

TEST(ServerConfig, DuplicateIdsAreRefused) {
    EXPECT_EQ(configErrorFor(R"({"plugins": [{"name": "chat"}, {"name": "hls"}, {"name": "chat"}]})"),
              "site.json: plugins[2].name \"chat\" is declared twice");
    EXPECT_EQ(configErrorFor(R"({"channels": [{"id": "music"}, {"id": "music"}]})"),
              "site.json: channels[1].id \"music\" is used twice");
}

TEST(ServerConfig, NullMeansDefault) {
    ServerConfig config = parseServerConfig(R"({"server": {"httpPort": null}})", "site.json");
    EXPECT_EQ(config.httpPort, 8080);
}

TEST(ServerConfig, MissingFileIsNamed) {
    test::TempDir dir;
    std::string missing = dir.file("absent.json");
    try {
        loadServerConfig(missing);
        FAIL() << "a missing file must be an error";
    } catch (const ConfigError& error) {
        EXPECT_EQ(std::string(error.what()), missing + ": cannot read the config file");
    }
}

TEST(ServerConfig, LoadNamesTheFileInErrors) {
    test::TempDir dir;
    std::string file = dir.write("bad.json", R"({"server": {"httpPort": true}})");
    try {
        loadServerConfig(file);
        FAIL() << "a wrong type must be an error";
    } catch (const ConfigError& error) {
        EXPECT_EQ(std::string(error.what()), file + ": server.httpPort must be an integer");
    }
}

}  // namespace
}  // namespace sockstream::core

namespace sockstream::core {
namespace {

TEST(ServerConfigCluster, OffByDefault) {
    ServerConfig config = parseServerConfig("{}", "site.json");
    EXPECT_EQ(config.cluster.redisUrl, "");
    EXPECT_EQ(config.cluster.serverId, "");
    EXPECT_EQ(config.cluster.advertiseUrl, "");
    EXPECT_EQ(config.cluster.keyPrefix, "sockstream");
    EXPECT_EQ(config.cluster.broadcastTtlSeconds, 10);
}

TEST(ServerConfigCluster, SectionIsRead) {
    ServerConfig config = parseServerConfig(R"({"cluster": {"redisUrl": "redis://:pw@cache:6380/1", "serverId": "edge_1-a",
      "advertiseUrl": "http://10.0.0.7:8080", "keyPrefix": "staging", "broadcastTtlSeconds": 30}})", "site.json");
    EXPECT_EQ(config.cluster.redisUrl, "redis://:pw@cache:6380/1");
    EXPECT_EQ(config.cluster.serverId, "edge_1-a");
    EXPECT_EQ(config.cluster.advertiseUrl, "http://10.0.0.7:8080");
    EXPECT_EQ(config.cluster.keyPrefix, "staging");
    EXPECT_EQ(config.cluster.broadcastTtlSeconds, 30);
    EXPECT_EQ(parseServerConfig(R"({"cluster": {}})", "site.json").cluster.keyPrefix, "sockstream");
    EXPECT_EQ(parseServerConfig(R"({"cluster": {"broadcastTtlSeconds": 3}})", "site.json").cluster.broadcastTtlSeconds, 3);
    EXPECT_EQ(parseServerConfig(R"({"cluster": {"broadcastTtlSeconds": 300}})", "site.json").cluster.broadcastTtlSeconds, 300);
}

TEST(ServerConfigCluster, UnknownKeysAndWrongTypesAreRefused) {
    EXPECT_EQ(configErrorFor(R"({"cluster": {"redis": "redis://cache"}})"), "site.json: cluster.redis is not a known setting");
    EXPECT_EQ(configErrorFor(R"({"cluster": "redis://cache"})"), "site.json: cluster must be an object");
    EXPECT_EQ(configErrorFor(R"({"cluster": {"redisUrl": 6379}})"), "site.json: cluster.redisUrl must be a string");
    EXPECT_EQ(configErrorFor(R"({"cluster": {"broadcastTtlSeconds": "10"}})"),
              "site.json: cluster.broadcastTtlSeconds must be an integer");
}

TEST(ServerConfigCluster, ServerIdAndKeyPrefixAreIdentifiers) {
    for (const char* json : {R"({"cluster": {"serverId": "edge 1"}})", R"({"cluster": {"serverId": "edge\n1"}})",
                             R"({"cluster": {"serverId": "edge.1"}})"})
        EXPECT_THAT(configErrorFor(json), StartsWith("site.json: cluster.serverId must be 1-64")) << json;
    EXPECT_THAT(configErrorFor(R"({"cluster": {"serverId": ")" + std::string(65, 'e') + R"("}})"),
                StartsWith("site.json: cluster.serverId must be"));
    EXPECT_THAT(configErrorFor(R"({"cluster": {"keyPrefix": ""}})"), StartsWith("site.json: cluster.keyPrefix must be"));
    EXPECT_THAT(configErrorFor(R"({"cluster": {"keyPrefix": "a:b"}})"), StartsWith("site.json: cluster.keyPrefix must be"));
    EXPECT_EQ(configErrorFor(R"({"cluster": {"serverId": ""}})"), "") << "empty: the default <hostname>-<port>";
}

TEST(ServerConfigCluster, AdvertiseUrlMustBeHttp) {
    for (const char* json : {R"({"cluster": {"advertiseUrl": "https://edge:8080"}})",
                             R"({"cluster": {"advertiseUrl": "edge:8080"}})",
                             R"({"cluster": {"advertiseUrl": "HTTP://edge"}})"})
        EXPECT_THAT(configErrorFor(json), StartsWith("site.json: cluster.advertiseUrl must be an http:// URL")) << json;
}

TEST(ServerConfigCluster, BroadcastTtlIsBounded) {
    EXPECT_EQ(configErrorFor(R"({"cluster": {"broadcastTtlSeconds": 2}})"),
              "site.json: cluster.broadcastTtlSeconds must be between 3 and 300");
    EXPECT_EQ(configErrorFor(R"({"cluster": {"broadcastTtlSeconds": 301}})"),
              "site.json: cluster.broadcastTtlSeconds must be between 3 and 300");
    EXPECT_EQ(configErrorFor(R"({"cluster": {"broadcastTtlSeconds": -10}})"),
              "site.json: cluster.broadcastTtlSeconds must be between 3 and 300");
}

}  // namespace
}  // namespace sockstream::core
