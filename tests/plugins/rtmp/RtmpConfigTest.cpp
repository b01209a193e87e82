#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include <Poco/JSON/Parser.h>

#include "RtmpConfig.h"

using namespace sockstream;
using namespace sockstream::rtmp;

namespace {
/// The environment as PluginContext::configOverride() reads it for a plugin named "rtmp".
RtmpConfig::Overrides environment(std::map<std::string, std::string> variables) {
    return [variables = std::move(variables)](const std::string& key) -> std::optional<ConfigOverride> {
        const std::string variable = configOverrideVariable("rtmp", key);
        auto it = variables.find(variable);
        if (it == variables.end() || it->second.empty()) return std::nullopt;
        return ConfigOverride{variable, it->second};
    };
}

RtmpConfig parse(const std::string& json, std::map<std::string, std::string> variables = {}) {
    auto object = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    return RtmpConfig::parse(*object, Settings{}, environment(std::move(variables)));
}
}  // namespace

TEST(RtmpConfig, DefaultsFollowTheIssue) {
    const auto config = parse("{}");
    EXPECT_EQ(config.port, 1935);
    EXPECT_EQ(config.application, "live");
    EXPECT_EQ(config.readTimeout, std::chrono::seconds(10));
    EXPECT_FALSE(config.tls);
    EXPECT_EQ(config.limits.maxChunkSize, 65536u);
    EXPECT_EQ(config.limits.maxMessageSize, 10u << 20);
    EXPECT_EQ(config.limits.maxChunkStreams, 32u);
    EXPECT_EQ(config.limits.maxAmfDepth, 16u);
    EXPECT_EQ(config.limits.maxStreamNameLength, 256u);
}

TEST(RtmpConfig, BindsWhereTheHttpServerBindsByDefault) {
    Settings settings;
    settings.httpHost = "127.0.0.1";
    auto empty = Poco::JSON::Parser().parse("{}").extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(RtmpConfig::parse(*empty, settings).host, "127.0.0.1");
    auto explicitHost = Poco::JSON::Parser().parse(R"({"host":"0.0.0.0"})").extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(RtmpConfig::parse(*explicitHost, settings).host, "0.0.0.0");
}

TEST(RtmpConfig, ReadsEveryField) {
    const auto config = parse(R"({"host":"127.0.0.1","port":2935,"application":"ingest","readTimeoutSeconds":5,
        "tls":{"port":2936,"certificateFile":"c.pem","privateKeyFile":"k.pem"},
        "limits":{"maxChunkSize":8192,"maxMessageBytes":2048,"maxChunkStreams":4,"maxAmfDepth":3,
                  "maxAmfValues":100,"maxStreamNameLength":64,"openWaitMilliseconds":0,"handshakeTimeoutSeconds":3}})");
    EXPECT_EQ(config.host, "127.0.0.1");
    EXPECT_EQ(config.port, 2935);
    EXPECT_EQ(config.application, "ingest");
    EXPECT_EQ(config.readTimeout, std::chrono::seconds(5));
    ASSERT_TRUE(config.tls);
    EXPECT_EQ(config.tls->certificateFile, "c.pem");
    EXPECT_EQ(config.tlsPort, 2936);
    EXPECT_EQ(config.limits.maxChunkSize, 8192u);
    EXPECT_EQ(config.limits.maxMessageSize, 2048u);
    EXPECT_EQ(config.limits.maxChunkStreams, 4u);
    EXPECT_EQ(config.limits.maxAmfDepth, 3u);
    EXPECT_EQ(config.limits.maxAmfValues, 100u);
    EXPECT_EQ(config.limits.maxStreamNameLength, 64u);
    EXPECT_EQ(config.limits.openWaitMs, 0);
    EXPECT_EQ(config.limits.handshakeTimeout, std::chrono::seconds(3));
}

TEST(RtmpConfig, ReadsTheFairnessSettings) {
    const auto defaults = parse("{}");
    EXPECT_EQ(defaults.maxConnectionsPerAddress, 16u);
    EXPECT_EQ(defaults.handshakeTimeoutUnderPressure, std::chrono::seconds(3));
    const auto config = parse(R"({"maxConnectionsPerAddress":0,"limits":{"handshakeTimeoutUnderPressureSeconds":2}})");
    EXPECT_EQ(config.maxConnectionsPerAddress, 0u) << "0: no cap";
    EXPECT_EQ(config.handshakeTimeoutUnderPressure, std::chrono::seconds(2));
    EXPECT_THROW(parse(R"({"maxConnectionsPerAddress":-1})"), std::invalid_argument);
    EXPECT_THROW(parse(R"({"limits":{"handshakeTimeoutUnderPressureSeconds":0}})"), std::invalid_argument);
}

TEST(RtmpConfig, RefusesBadValues) {
    EXPECT_THROW(parse(R"({"port":"1935"})"), std::invalid_argument);
    EXPECT_THROW(parse(R"({"port":70000})"), std::invalid_argument);
    EXPECT_THROW(parse(R"({"application":"a/b"})"), std::invalid_argument);
    EXPECT_THROW(parse(R"({"application":""})"), std::invalid_argument);
    EXPECT_THROW(parse(R"({"readTimeoutSeconds":0})"), std::invalid_argument);
    EXPECT_THROW(parse(R"({"tls":{"certificateFile":"c.pem"}})"), std::invalid_argument);
    EXPECT_THROW(parse(R"({"tls":"yes"})"), std::invalid_argument);
    EXPECT_THROW(parse(R"({"limits":{"minChunkSize":4096,"maxChunkSize":1024}})"), std::invalid_argument);
    EXPECT_THROW(parse(R"({"limits":{"maxMessageBytes":100000000}})"), std::invalid_argument);
}

TEST(RtmpConfig, TheEnvironmentOverridesThePortAndWinsOverTheFile) {
    EXPECT_EQ(parse("{}", {{"SOCKSTREAM_RTMP_PORT", "19350"}}).port, 19350);
    EXPECT_EQ(parse(R"({"port": 2935})", {{"SOCKSTREAM_RTMP_PORT", "19350"}}).port, 19350)
        << "SOCKSTREAM_* variables win over the file, as the core's own do";
    EXPECT_EQ(parse(R"({"port": 2935})", {{"SOCKSTREAM_RTMP_PORT", ""}}).port, 2935) << "empty means unset";
    EXPECT_EQ(parse("{}", {{"SOCKSTREAM_RTMP_PORT", "0"}}).port, 0) << "0: the system picks one";
}

TEST(RtmpConfig, TheEnvironmentOverridesHostApplicationAndPublicUrl) {
    const auto config = parse(R"({"host": "0.0.0.0", "application": "live"})",
                              {{"SOCKSTREAM_RTMP_HOST", "127.0.0.1"},
                               {"SOCKSTREAM_RTMP_APPLICATION", "studio"},
                               {"SOCKSTREAM_RTMP_PUBLIC_URL", "rtmp://ingest.example:443/studio"}});
    EXPECT_EQ(config.host, "127.0.0.1");
    EXPECT_EQ(config.application, "studio");
    EXPECT_EQ(config.publicUrl, "rtmp://ingest.example:443/studio");
}

TEST(RtmpConfig, AnOverrideIsCheckedLikeTheFilesValue) {
    EXPECT_THROW(parse("{}", {{"SOCKSTREAM_RTMP_APPLICATION", "a/b"}}), std::invalid_argument);
    EXPECT_THROW(parse("{}", {{"SOCKSTREAM_RTMP_PUBLIC_URL", "http://ingest.example/live"}}), std::invalid_argument);
}

TEST(RtmpConfig, ABadPortInTheEnvironmentNamesTheVariable) {
    for (const char* bad : {"rtmp", "65536", "-1", "1935x", " 1935"}) {
        try {
            parse("{}", {{"SOCKSTREAM_RTMP_PORT", bad}});
            ADD_FAILURE() << "accepted SOCKSTREAM_RTMP_PORT=" << bad;
        } catch (const std::invalid_argument& error) {
            EXPECT_THAT(error.what(), ::testing::HasSubstr("SOCKSTREAM_RTMP_PORT")) << bad;
            EXPECT_THAT(error.what(), ::testing::HasSubstr("not a port number")) << bad;
        }
    }
}

TEST(RtmpConfig, OverridesAreNamedByTheSdksRule) {
    EXPECT_EQ(configOverrideVariable("rtmp", "port"), "SOCKSTREAM_RTMP_PORT");
    EXPECT_EQ(configOverrideVariable("rtmp", "publicUrl"), "SOCKSTREAM_RTMP_PUBLIC_URL");
    EXPECT_EQ(configOverrideVariable("auth-google", "clientId"), "SOCKSTREAM_AUTH_GOOGLE_CLIENT_ID");
    EXPECT_EQ(configOverrideVariable("rtmp", "tls.port"), "SOCKSTREAM_RTMP_TLS_PORT");
}
