// What the hls plugin declares to the core at init: how a viewer plays a room.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "HlsPlugin.h"
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
