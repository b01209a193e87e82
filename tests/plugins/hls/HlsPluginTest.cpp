// What the hls plugin declares to the core at init: how a viewer plays a room.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "HlsConfig.h"
#include "HlsPlugin.h"
#include "sockstream-config/ConfigError.h"
#include "MockPluginContext.h"

using namespace sockstream;
using ::testing::_;
using ::testing::SaveArg;

namespace {

PlaybackEndpoint declaredBy(const Poco::JSON::Object& config) {
    mocks::MockPluginContext context;
    context.name = "hls";
    context.configObject = config;
    PlaybackEndpoint declared;
    EXPECT_CALL(context, declarePlayback(_)).WillOnce(SaveArg<0>(&declared));
    EXPECT_CALL(context, declareIngest(_)).Times(0);
    hls::HlsPlugin plugin;
    plugin.init(context);
    plugin.stop();
    return declared;
}

}  // namespace

TEST(HlsPlugin, DeclaresLowLatencyHlsPlaybackWithAThumbnail) {
    const PlaybackEndpoint hls = declaredBy(Poco::JSON::Object());
    EXPECT_EQ(hls.protocol, "hls");
    EXPECT_EQ(hls.urlTemplate, "/hls/{roomId}/index.m3u8");
    EXPECT_EQ(hls.mimeType, "application/vnd.apple.mpegurl");
    EXPECT_EQ(hls.latency, kLatencyLow);
    EXPECT_EQ(hls.thumbnailUrlTemplate, "/api/rooms/{roomId}/thumbnail.jpg");
}

TEST(HlsPlugin, WithoutPartsItsLatencyIsStandard) {
    Poco::JSON::Object config;
    config.set("lowLatency", false);
    EXPECT_EQ(declaredBy(config).latency, kLatencyStandard);
}

namespace {

hls::HlsConfig configFrom(const std::string& json) {
    Poco::JSON::Parser parser;
    return hls::HlsConfig::fromJson(*parser.parse(json).extract<Poco::JSON::Object::Ptr>());
}

}  // namespace

TEST(HlsConfig, SegmentCeilingIsTheTargetWithPartsAndFourTargetsWithout) {
    // EXT-X-TARGETDURATION is announced from it, so it is whole seconds.
    EXPECT_EQ(hls::segmentCeilingMs(configFrom("{}").segmenter), 2000);
    EXPECT_EQ(hls::segmentCeilingMs(configFrom(R"({"targetDurationSeconds": 1.5})").segmenter), 2000);
    EXPECT_EQ(hls::segmentCeilingMs(configFrom(R"({"lowLatency": false})").segmenter), 8000);
    EXPECT_EQ(hls::segmentCeilingMs(configFrom(R"({"maxSegmentSeconds": 4})").segmenter), 4000);
    EXPECT_EQ(hls::segmentCeilingMs(configFrom(R"({"lowLatency": false, "maxSegmentSeconds": 2})").segmenter), 2000);
}

TEST(HlsConfig, SegmentCeilingBelowTheTargetOrMisspelledStopsStartUp) {
    EXPECT_THROW(configFrom(R"({"targetDurationSeconds": 3, "maxSegmentSeconds": 2})"), lib::config::ConfigError);
    EXPECT_THROW(configFrom(R"({"maxSegmentSeconds": 0})"), lib::config::ConfigError);
    EXPECT_THROW(configFrom(R"({"maxSegmentSeconds": 2.5})"), lib::config::ConfigError);
    EXPECT_THROW(configFrom(R"({"maxSegmentSecond": 2})"), lib::config::ConfigError);
    try {
        configFrom(R"({"targetDurationSeconds": 3, "maxSegmentSeconds": 2})");
    } catch (const lib::config::ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find("maxSegmentSeconds"), std::string::npos) << error.what();
    }
}
