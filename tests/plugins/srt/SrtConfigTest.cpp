#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <srt/access_control.h>

#include "SrtConfig.h"
#include "SrtEndpoints.h"
#include "SrtRefusal.h"
#include "sockstream-config/ConfigError.h"

using namespace sockstream;
using namespace sockstream::srt;

namespace {

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

SrtConfig parse(const std::string& text, Settings settings = {}) { return SrtConfig::parse(*json(text), settings); }

std::string errorOf(const std::string& text) {
    try {
        parse(text);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(SrtConfigTest, DefaultsAreSensible) {
    Settings settings;
    settings.httpHost = "127.0.0.1";
    const auto config = parse("{}", settings);
    EXPECT_EQ(config.host, "127.0.0.1");  // where the HTTP server binds
    EXPECT_EQ(config.port, 9000);
    EXPECT_EQ(config.latencyMs, 200);
    EXPECT_TRUE(config.passphrase.empty());
    EXPECT_EQ(config.keyLengthBytes, 16);
    EXPECT_EQ(config.maxConnectionsPerAddress, 4u);
    EXPECT_EQ(config.silenceTimeout, std::chrono::seconds(5));
}

TEST(SrtConfigTest, ReadsEveryKey) {
    const auto config = parse(R"({"host":"0.0.0.0","port":10080,"publicUrl":"srt://ingest.example:443/",
        "latencyMilliseconds":800,"passphrase":"0123456789abc","keyLengthBits":256,"maxConnections":9,
        "maxConnectionsPerAddress":2,"silenceTimeoutSeconds":3,"analyzeMilliseconds":500,"maxPendingPackets":50})");
    EXPECT_EQ(config.port, 10080);
    EXPECT_EQ(config.publicUrl, "srt://ingest.example:443");
    EXPECT_EQ(config.latencyMs, 800);
    EXPECT_EQ(config.passphrase, "0123456789abc");
    EXPECT_EQ(config.keyLengthBytes, 32);
    EXPECT_EQ(config.maxConnections, 9u);
    EXPECT_EQ(config.maxConnectionsPerAddress, 2u);
    EXPECT_EQ(config.silenceTimeout, std::chrono::seconds(3));
    EXPECT_EQ(config.analyzeDuration, std::chrono::milliseconds(500));
    EXPECT_EQ(config.maxPendingPackets, 50u);
}

TEST(SrtConfigTest, MistakesAreErrorsNamingTheKey) {
    EXPECT_EQ(errorOf(R"({"latencyMiliseconds":100})"), "latencyMiliseconds is not a known setting (did you mean \"latencyMilliseconds\"?)");
    EXPECT_EQ(errorOf(R"({"port":"9000"})"), "port must be an integer");
    EXPECT_NE(errorOf(R"({"passphrase":"short"})").find("passphrase must be 10 to 79"), std::string::npos);
    EXPECT_NE(errorOf(R"({"keyLengthBits":200})").find("keyLengthBits must be 128, 192 or 256"), std::string::npos);
    EXPECT_NE(errorOf(R"({"publicUrl":"udp://x:1"})").find("publicUrl must start with srt://"), std::string::npos);
    EXPECT_NE(errorOf(R"({"publicUrl":"srt://x:1?streamid=a"})").find("must not carry a query"), std::string::npos);
    EXPECT_NE(errorOf(R"({"latencyMilliseconds":5})").find("latencyMilliseconds"), std::string::npos);
}

TEST(SrtConfigTest, DeclaredEndpointUsesThePublicHostAndPort) {
    Settings settings;
    settings.publicHost = "stream.example";
    auto endpoint = srtIngestEndpoint(parse(R"({"port":9001})"), settings);
    EXPECT_EQ(endpoint.protocol, "srt");
    EXPECT_EQ(endpoint.name, "SRT");
    EXPECT_EQ(endpoint.serverUrl, "srt://stream.example:9001");
    EXPECT_EQ(endpoint.keyLabel, "Stream ID");
    EXPECT_EQ(endpoint.publishUrl, "srt://stream.example:9001?streamid=publish:{streamKey}");
    endpoint = srtIngestEndpoint(parse(R"({"publicUrl":"srt://nat.example:7000"})"), settings);
    EXPECT_EQ(endpoint.publishUrl, "srt://nat.example:7000?streamid=publish:{streamKey}");
}

TEST(SrtConfigTest, RefusalsUseAccessControlRejectReasons) {
    EXPECT_EQ(srtRefusal(PublishRefusal::UnknownKey).rejectReason, SRT_REJX_UNAUTHORIZED);
    EXPECT_EQ(srtRefusal(PublishRefusal::RoomGone).rejectReason, SRT_REJX_NOTFOUND);
    EXPECT_EQ(srtRefusal(PublishRefusal::Revoked).rejectReason, SRT_REJX_FORBIDDEN);
    EXPECT_EQ(srtRefusal(PublishRefusal::Spent).rejectReason, SRT_REJX_FORBIDDEN);
    EXPECT_EQ(srtRefusal(PublishRefusal::Expired).rejectReason, SRT_REJX_FORBIDDEN);
    EXPECT_EQ(srtRefusal(PublishRefusal::GraceExpired).rejectReason, SRT_REJX_FORBIDDEN);
    EXPECT_EQ(srtRefusal(PublishRefusal::RoomBusy).rejectReason, SRT_REJX_CONFLICT);
    EXPECT_EQ(srtRefusal(PublishRefusal::LiveElsewhere).rejectReason, SRT_REJX_CONFLICT);
    EXPECT_EQ(srtRefusal(PublishRefusal::Retry).rejectReason, SRT_REJX_DOWN);
    EXPECT_EQ(srtRefusal(PublishRefusal::CheckFailed).rejectReason, SRT_REJX_ISE);
    EXPECT_FALSE(srtRefusal(PublishRefusal::UnknownKey).words.empty());
}
