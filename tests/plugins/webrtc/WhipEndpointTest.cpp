// What the webrtc plugin declares for WHIP publishers: the site's public URL
// of /whip and a Bearer key, never a key in a URL.
#include <gtest/gtest.h>

#include "WhipEndpoint.h"

using namespace sockstream;
using namespace sockstream::webrtc;

TEST(WhipEndpoint, IsThePublicUrlOfWhipWithTheKeyAsBearerToken) {
    Settings settings;
    settings.publicUrl = "https://stream.example:8443";
    settings.publicHost = "stream.example";
    const IngestEndpoint whip = whipIngestEndpoint(settings);
    EXPECT_EQ(whip.protocol, "whip");
    EXPECT_EQ(whip.name, "WHIP (OBS 30+, browsers)");
    EXPECT_EQ(whip.serverUrl, "https://stream.example:8443/whip");
    EXPECT_EQ(whip.keyLabel, "Bearer Token") << "OBS 30's word for the field";
    EXPECT_EQ(whip.keyIn, kKeyInBearer);
    EXPECT_TRUE(whip.publishUrl.empty()) << "a WHIP key never goes in a URL";
}

TEST(WhipEndpoint, KeepsAPathPrefixAndDropsATrailingSlash) {
    Settings settings;
    settings.publicUrl = "https://tv.example/live/";
    EXPECT_EQ(whipIngestEndpoint(settings).serverUrl, "https://tv.example/live/whip");
}

TEST(WhipEndpoint, WithoutAPublicUrlFallsBackToThePublicHost) {
    Settings settings;
    settings.publicHost = "[::1]";
    EXPECT_EQ(whipIngestEndpoint(settings).serverUrl, "http://[::1]/whip");
    EXPECT_EQ(whipIngestEndpoint(Settings{}).serverUrl, "http://localhost/whip");
}
