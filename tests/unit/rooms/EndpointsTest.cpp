// The core's side of declared endpoints: checking a declaration, filling in a
// room, the wire JSON of rooms and stream keys, and dropping a plugin's
// endpoints with the plugin.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Stringifier.h>

#include "CoreHarness.h"
#include "plugin/PluginContextImpl.h"
#include "rooms/EndpointRegistry.h"
#include "rooms/RoomJson.h"
#include "sockstream/rooms/EndpointJson.h"

using namespace sockstream;
using namespace sockstream::core;
using ::testing::HasSubstr;

namespace {

IngestEndpoint srtLike() {
    IngestEndpoint ingest;
    ingest.protocol = "srt";
    ingest.name = "SRT";
    ingest.serverUrl = "srt://tv.example:9000";
    ingest.keyLabel = "Stream ID";
    ingest.publishUrl = "srt://tv.example:9000?streamid={streamKey}";
    return ingest;
}

IngestEndpoint whipLike() {
    IngestEndpoint ingest;
    ingest.protocol = "whip";
    ingest.name = "WHIP (OBS 30+, browsers)";
    ingest.serverUrl = "https://tv.example/whip";
    ingest.keyLabel = "Bearer Token";
    ingest.keyIn = kKeyInBearer;
    return ingest;
}

PlaybackEndpoint segmentsLike() {
    PlaybackEndpoint playback;
    playback.protocol = "dash";
    playback.urlTemplate = "/dash/{roomId}/manifest.mpd";
    playback.mimeType = "application/dash+xml";
    playback.latency = kLatencyLow;
    playback.thumbnailUrlTemplate = "/api/rooms/{roomId}/thumbnail.jpg";
    return playback;
}

PlaybackEndpoint whepLike() {
    PlaybackEndpoint playback;
    playback.protocol = "whep";
    playback.urlTemplate = "https://edge.example/whep/{roomId}";
    playback.mimeType = "application/sdp";
    playback.latency = kLatencyRealtime;
    return playback;
}

std::string text(const Poco::Dynamic::Var& json) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(json, out);
    return out.str();
}

template <class F>
std::string errorOf(F&& declare) {
    try {
        declare();
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    return "";
}

Room aRoom() {
    Room room;
    room.id = "r1";
    room.channelId = "gaming";
    room.ownerId = "u1";
    room.ownerName = "Alice";
    room.title = "Speedrun";
    return room;
}

}  // namespace

TEST(EndpointRegistry, FillsInTheRoomInDeclarationOrder) {
    EndpointRegistry registry;
    registry.declarePlayback("dash", segmentsLike());
    registry.declarePlayback("webrtc", whepLike());
    const auto playback = registry.playbackFor("abc");
    ASSERT_EQ(playback.size(), 2u);
    EXPECT_EQ(playback[0].protocol, "dash");
    EXPECT_EQ(playback[0].urlTemplate, "/dash/abc/manifest.mpd");
    EXPECT_EQ(playback[0].thumbnailUrlTemplate, "/api/rooms/abc/thumbnail.jpg");
    EXPECT_EQ(playback[1].urlTemplate, "https://edge.example/whep/abc");
    EXPECT_EQ(playback[1].thumbnailUrlTemplate, "");
}

TEST(EndpointRegistry, ARoomIdCannotBreakOutOfItsPathSegment) {
    EndpointRegistry registry;
    registry.declarePlayback("dash", segmentsLike());
    EXPECT_EQ(registry.playbackFor("a/../b?c#d").at(0).urlTemplate, "/dash/a%2F..%2Fb%3Fc%23d/manifest.mpd");
}

TEST(EndpointRegistry, IncompleteDeclarationsAreRefusedNamingThePlugin) {
    EndpointRegistry registry;
    auto ingest = [&](auto change) {
        IngestEndpoint endpoint = srtLike();
        change(endpoint);
        return errorOf([&] { registry.declareIngest("srt", endpoint); });
    };
    EXPECT_THAT(ingest([](IngestEndpoint& e) { e.protocol = ""; }), HasSubstr("srt: an ingest endpoint needs a protocol"));
    EXPECT_THAT(ingest([](IngestEndpoint& e) { e.protocol = "SRT"; }), HasSubstr("protocol"));
    EXPECT_THAT(ingest([](IngestEndpoint& e) { e.serverUrl = ""; }), HasSubstr("no serverUrl"));
    EXPECT_THAT(ingest([](IngestEndpoint& e) { e.keyLabel = ""; }), HasSubstr("no keyLabel"));
    EXPECT_THAT(ingest([](IngestEndpoint& e) { e.publishUrl = "srt://x:9000"; }), HasSubstr("{streamKey}"));
    EXPECT_THAT(ingest([](IngestEndpoint& e) { e.serverUrl = "srt://x:9000?streamid={streamKey}"; }),
                HasSubstr("serverUrl must not carry {streamKey}"));
    EXPECT_THAT(ingest([](IngestEndpoint& e) { e.keyIn = "header"; }),
                HasSubstr("keyIn must be \"url\" or \"bearer\" (got \"header\")"));
    EXPECT_THAT(ingest([](IngestEndpoint& e) { e.keyIn = ""; }), HasSubstr("keyIn must be"));
    EXPECT_THAT(ingest([](IngestEndpoint& e) { e.keyIn = kKeyInBearer; }),
                HasSubstr("srt: the srt ingest endpoint takes its key as a Bearer token, so its publishUrl must be empty"))
        << "a bearer endpoint with a URL that would carry the key";

    auto playback = [&](auto change) {
        PlaybackEndpoint endpoint = segmentsLike();
        change(endpoint);
        return errorOf([&] { registry.declarePlayback("dash", endpoint); });
    };
    EXPECT_THAT(playback([](PlaybackEndpoint& e) { e.urlTemplate = "/dash/manifest.mpd"; }), HasSubstr("{roomId}"));
    EXPECT_THAT(playback([](PlaybackEndpoint& e) { e.urlTemplate = "dash/{roomId}"; }), HasSubstr("starting with /"));
    EXPECT_THAT(playback([](PlaybackEndpoint& e) { e.urlTemplate = "//cdn/{roomId}"; }), HasSubstr("starting with /"));
    EXPECT_THAT(playback([](PlaybackEndpoint& e) { e.mimeType = ""; }), HasSubstr("no mimeType"));
    EXPECT_THAT(playback([](PlaybackEndpoint& e) { e.latency = "fast"; }), HasSubstr("latency"));
    EXPECT_THAT(playback([](PlaybackEndpoint& e) { e.thumbnailUrlTemplate = "/thumb.jpg"; }), HasSubstr("thumbnail"));
    EXPECT_TRUE(registry.ingest().empty()) << "a refused declaration leaves nothing behind";
    EXPECT_TRUE(registry.playbackFor("r").empty());
}

TEST(EndpointRegistry, APluginsEndpointsGoWithIt) {
    EndpointRegistry registry;
    registry.declareIngest("srt", srtLike());
    registry.declarePlayback("dash", segmentsLike());
    registry.declarePlayback("webrtc", whepLike());
    registry.removeOwner("dash");
    EXPECT_EQ(registry.ingest().size(), 1u);
    ASSERT_EQ(registry.playbackFor("r").size(), 1u);
    EXPECT_EQ(registry.playbackFor("r")[0].protocol, "whep");
    registry.removeOwner("srt");
    EXPECT_TRUE(registry.ingest().empty());
}

TEST(EndpointRegistry, FeaturesListTheDeclarationsWithTheirPlaceholders) {
    EndpointRegistry registry;
    registry.declareIngest("srt", srtLike());
    registry.declarePlayback("dash", segmentsLike());
    EXPECT_EQ(text(registry.declarationsJson()),
              R"({"ingest":[{"keyIn":"url","keyLabel":"Stream ID","name":"SRT","protocol":"srt",)"
              R"("publishUrl":"srt://tv.example:9000?streamid={streamKey}","serverUrl":"srt://tv.example:9000"}],)"
              R"("playback":[{"available":true,"latency":"low-latency","mimeType":"application/dash+xml","protocol":"dash",)"
              R"("thumbnailUrl":"/api/rooms/{roomId}/thumbnail.jpg","unavailableReason":null,)"
              R"("url":"/dash/{roomId}/manifest.mpd"}]})");
}

TEST(EndpointJson, TheKeyGoesIntoThePublishUrlOnlyWhereItIsHandedOut) {
    EXPECT_EQ(ingestJson(srtLike())->getValue<std::string>("publishUrl"), "srt://tv.example:9000?streamid={streamKey}");
    EXPECT_EQ(ingestJson(srtLike(), "live_k3y")->getValue<std::string>("publishUrl"),
              "srt://tv.example:9000?streamid=live_k3y");
    EXPECT_EQ(ingestJson(srtLike(), "live_k3y")->getValue<std::string>("serverUrl"), "srt://tv.example:9000");
}

TEST(EndpointRegistry, ABearerEndpointIsDeclaredWithoutAPublishUrl) {
    EndpointRegistry registry;
    registry.declareIngest("rtmp", srtLike());
    registry.declareIngest("webrtc", whipLike());
    const auto ingest = registry.ingest();
    ASSERT_EQ(ingest.size(), 2u);
    EXPECT_EQ(ingest[0].keyIn, kKeyInUrl) << "url is what a declaration that does not say means";
    EXPECT_EQ(ingest[1].keyIn, kKeyInBearer);
    EXPECT_EQ(text(registry.declarationsJson()->getArray("ingest")->get(1)),
              R"j({"keyIn":"bearer","keyLabel":"Bearer Token","name":"WHIP (OBS 30+, browsers)","protocol":"whip",)j"
              R"j("publishUrl":null,"serverUrl":"https://tv.example/whip"})j");
}

TEST(EndpointJson, ABearerKeyIsNeverPutInAUrlEvenWhereTheKeyIsHandedOut) {
    // The stream-key answer's form: every entry gets the key, but only a URL entry takes it.
    const auto answer = ingestJson(std::vector<IngestEndpoint>{srtLike(), whipLike()}, "live_k3y");
    EXPECT_EQ(answer->getObject(0)->getValue<std::string>("publishUrl"), "srt://tv.example:9000?streamid=live_k3y");
    const auto whip = answer->getObject(1);
    EXPECT_EQ(whip->getValue<std::string>("keyIn"), "bearer");
    EXPECT_TRUE(whip->isNull("publishUrl"));
    EXPECT_EQ(whip->getValue<std::string>("serverUrl"), "https://tv.example/whip");
    EXPECT_EQ(text(whip).find("live_k3y"), std::string::npos);

    IngestEndpoint smuggled = whipLike();  // not through the registry: the writer itself refuses too
    smuggled.publishUrl = "https://tv.example/whip?key={streamKey}";
    EXPECT_TRUE(ingestJson(smuggled, "live_k3y")->isNull("publishUrl"));
}

TEST(RoomJson, EveryoneSeesPlaybackOnlyTheOwnerSeesIngest) {
    EndpointRegistry registry;
    registry.declareIngest("srt", srtLike());
    registry.declarePlayback("dash", segmentsLike());
    const Room room = aRoom();
    const auto playback = registry.playbackFor(room.id);
    const auto ingest = registry.ingest();

    auto everyone = roomJson(room, playback);
    EXPECT_FALSE(everyone->has("ingest"));
    EXPECT_FALSE(everyone->has("streamKeyMode"));
    EXPECT_FALSE(everyone->has("playbackUrl")) << "the one-protocol field is gone";
    EXPECT_EQ(text(everyone->getArray("playback")),
              R"([{"available":true,"latency":"low-latency","mimeType":"application/dash+xml","protocol":"dash",)"
              R"("thumbnailUrl":"/api/rooms/r1/thumbnail.jpg","unavailableReason":null,"url":"/dash/r1/manifest.mpd"}])");
    EXPECT_EQ(everyone->getValue<std::string>("thumbnailUrl"), "/api/rooms/r1/thumbnail.jpg");

    auto owner = roomJson(room, playback, &ingest);
    EXPECT_EQ(owner->getValue<std::string>("streamKeyMode"), "persistent");
    ASSERT_EQ(owner->getArray("ingest")->size(), 1u);
    EXPECT_EQ(owner->getArray("ingest")->getObject(0)->getValue<std::string>("serverUrl"),
              "srt://tv.example:9000");
}

TEST(RoomJson, WithoutPlaybackPluginsARoomHasNoWayToPlayAndNoPicture) {
    auto json = roomJson(aRoom(), {});
    EXPECT_EQ(json->getArray("playback")->size(), 0u);
    EXPECT_TRUE(json->isNull("thumbnailUrl"));
}

TEST(PluginContextEndpoints, DeclarationsReachTheRoomsAndLeaveWithThePlugin) {
    test::CoreHarness harness;
    PluginContextImpl context(*harness.core, "dash", nullptr);
    context.declarePlayback(segmentsLike());
    PluginContextImpl ingest(*harness.core, "srt", nullptr);
    ingest.declareIngest(srtLike());
    Rooms& rooms = *harness.rooms;
    EXPECT_EQ(rooms.playback("r9").at(0).urlTemplate, "/dash/r9/manifest.mpd");
    EXPECT_EQ(rooms.ingest().at(0).serverUrl, "srt://tv.example:9000");
    context.unregisterAll();
    EXPECT_TRUE(rooms.playback("r9").empty());
    EXPECT_EQ(rooms.ingest().size(), 1u);
    ingest.unregisterAll();
    EXPECT_TRUE(rooms.ingest().empty());
}

TEST(EndpointJson, TheTextFormIsTheSameJsonForPluginsWithAnotherJsonLibrary) {
    EndpointRegistry registry;
    registry.declarePlayback("dash", segmentsLike());
    const auto playback = registry.playbackFor("r1");
    EXPECT_EQ(playbackJsonText(playback), text(playbackJson(playback)));
    EXPECT_EQ(playbackJsonText({}), "[]");
}

TEST(EndpointRegistry, APluginSaysWhichRoomsItCannotServeAndWhy) {
    EndpointRegistry registry;
    registry.declarePlayback("dash", segmentsLike());
    registry.declarePlayback("webrtc", whepLike());
    registry.setAvailability("r1", "whep", false, "the stream has B-frames");
    const auto r1 = registry.playbackFor("r1");
    ASSERT_EQ(r1.size(), 2u);
    EXPECT_TRUE(r1[0].available) << "another protocol of the same room is not affected";
    EXPECT_FALSE(r1[1].available);
    EXPECT_EQ(r1[1].unavailableReason, "the stream has B-frames");
    EXPECT_TRUE(registry.playbackFor("r2")[1].available) << "nor is another room";
    const auto json = playbackJson(r1[1]);
    EXPECT_FALSE(json->getValue<bool>("available"));
    EXPECT_EQ(json->getValue<std::string>("unavailableReason"), "the stream has B-frames");
    EXPECT_TRUE(playbackJson(r1[0])->isNull("unavailableReason"));

    registry.setAvailability("r1", "whep", true, "");
    EXPECT_TRUE(registry.playbackFor("r1")[1].available);
    EXPECT_TRUE(registry.playbackFor("r1")[1].unavailableReason.empty());

    registry.setAvailability("r1", "whep", false, "");
    EXPECT_THAT(registry.playbackFor("r1")[1].unavailableReason, HasSubstr("whep")) << "never a reason without words";
    registry.removeOwner("webrtc");
    registry.declarePlayback("webrtc", whepLike());
    EXPECT_TRUE(registry.playbackFor("r1")[1].available) << "forgotten with the plugin that said it";
}

TEST(EndpointRegistry, RealTimeIsALatencyClass) {
    EndpointRegistry registry;
    EXPECT_NO_THROW(registry.declarePlayback("webrtc", whepLike()));
    EXPECT_EQ(registry.playbackFor("r1").at(0).latency, "real-time");
}
