// What the rtmp plugin tells hosts (its declared ingest endpoints, built from
// its own config) and how it words the core's typed publish refusals.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "MockPluginContext.h"
#include "RtmpEndpoints.h"
#include "RtmpPlugin.h"
#include "RtmpRefusal.h"

using namespace sockstream;
using namespace sockstream::rtmp;
using ::testing::_;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

Poco::JSON::Object json(std::initializer_list<std::pair<const char*, Poco::Dynamic::Var>> entries) {
    Poco::JSON::Object object;
    for (const auto& [key, value] : entries) object.set(key, value);
    return object;
}

Settings publicAt(const std::string& host) {
    Settings settings;
    settings.publicHost = host;
    return settings;
}

}  // namespace

TEST(RtmpEndpoints, TheServerUrlComesFromThePluginsPortApplicationAndThePublicHost) {
    const Settings settings = publicAt("tv.example");
    const auto endpoints = rtmpIngestEndpoints(
        RtmpConfig::parse(json({{"port", 19350}, {"application", "studio"}}), settings), settings);
    ASSERT_EQ(endpoints.size(), 1u) << "no RTMPS without TLS";
    EXPECT_EQ(endpoints[0].protocol, "rtmp");
    EXPECT_EQ(endpoints[0].name, "RTMP");
    EXPECT_EQ(endpoints[0].serverUrl, "rtmp://tv.example:19350/studio");
    EXPECT_EQ(endpoints[0].keyLabel, "Stream key");
    EXPECT_EQ(endpoints[0].publishUrl, "rtmp://tv.example:19350/studio/{streamKey}");
}

TEST(RtmpEndpoints, AnIpv6PublicHostStaysInBrackets) {
    const Settings settings = publicAt("[::1]");
    const auto endpoints = rtmpIngestEndpoints(RtmpConfig::parse(json({{"port", 1935}}), settings), settings);
    EXPECT_EQ(endpoints.at(0).serverUrl, "rtmp://[::1]:1935/live");
}

TEST(RtmpEndpoints, PublicUrlOverridesWhatHostsAreToldButNotWhereTheListenerBinds) {
    const Settings settings = publicAt("10.0.0.5");
    const RtmpConfig config =
        RtmpConfig::parse(json({{"port", 1935}, {"publicUrl", "rtmp://ingest.example:443/live/"}}), settings);
    EXPECT_EQ(config.port, 1935);
    const auto endpoints = rtmpIngestEndpoints(config, settings);
    EXPECT_EQ(endpoints.at(0).serverUrl, "rtmp://ingest.example:443/live") << "the trailing slash goes";
    EXPECT_EQ(endpoints.at(0).publishUrl, "rtmp://ingest.example:443/live/{streamKey}");
}

TEST(RtmpEndpoints, APublicUrlThatIsNotRtmpIsAConfigError) {
    try {
        RtmpConfig::parse(json({{"publicUrl", "http://ingest.example/live"}}), Settings{});
        FAIL() << "accepted an http:// publicUrl";
    } catch (const std::invalid_argument& error) {
        EXPECT_THAT(error.what(), HasSubstr("publicUrl"));
    }
}

TEST(RtmpEndpoints, TlsAddsAnRtmpsEndpointOnItsOwnPort) {
    Poco::JSON::Object::Ptr tls = new Poco::JSON::Object;
    tls->set("certificateFile", "/etc/cert.pem");
    tls->set("privateKeyFile", "/etc/key.pem");
    tls->set("port", 1443);
    const Settings settings = publicAt("tv.example");
    const auto endpoints = rtmpIngestEndpoints(RtmpConfig::parse(json({{"tls", tls}}), settings), settings);
    ASSERT_EQ(endpoints.size(), 2u);
    EXPECT_EQ(endpoints[1].protocol, "rtmps");
    EXPECT_EQ(endpoints[1].serverUrl, "rtmps://tv.example:1443/live");
}

TEST(RtmpPlugin, DeclaresItsIngestEndpointToTheCoreOnceListening) {
    mocks::MockPluginContext context;
    context.name = "rtmp";
    context.configObject = json({{"host", "127.0.0.1"}, {"port", 19351}, {"application", "show"}});
    context.settingsValue = publicAt("stream.example");
    ON_CALL(context.listenerRegistry, boundPort("rtmp")).WillByDefault(::testing::Return(19351));
    EXPECT_CALL(context, declarePlayback(_)).Times(0);
    RtmpPlugin plugin;
    EXPECT_CALL(context, declareIngest(_)).Times(0);
    plugin.init(context);
    ::testing::Mock::VerifyAndClearExpectations(&context);  // not before the listeners are open
    EXPECT_CALL(context, declareIngest(Field(&IngestEndpoint::serverUrl, "rtmp://stream.example:19351/show")))
        .Times(1);
    context.runListening();
}

TEST(RtmpPlugin, PortZeroDeclaresThePortTheSystemChose) {
    mocks::MockPluginContext context;
    context.name = "rtmp";
    context.configObject = json({{"host", "127.0.0.1"}, {"port", 0}});
    context.settingsValue = publicAt("stream.example");
    EXPECT_CALL(context.listenerRegistry, add(Field(&ListenerSpec::port, 0), _));
    ON_CALL(context.listenerRegistry, boundPort("rtmp")).WillByDefault(::testing::Return(40123));
    EXPECT_CALL(context, declareIngest(Field(&IngestEndpoint::serverUrl, "rtmp://stream.example:40123/live")))
        .Times(1);
    RtmpPlugin plugin;
    plugin.init(context);
    context.runListening();
}

TEST(RtmpPlugin, SockstreamRtmpPortReachesTheListenerAndTheDeclaredUrl) {
    mocks::MockPluginContext context;
    context.name = "rtmp";
    context.configObject = json({{"port", 1935}});
    context.environment = {{"SOCKSTREAM_RTMP_PORT", "19352"}};
    context.settingsValue = publicAt("stream.example");
    EXPECT_CALL(context.listenerRegistry, add(Field(&ListenerSpec::port, 19352), _));
    ON_CALL(context.listenerRegistry, boundPort("rtmp")).WillByDefault(::testing::Return(19352));
    EXPECT_CALL(context, declareIngest(Field(&IngestEndpoint::serverUrl, "rtmp://stream.example:19352/live")))
        .Times(1);
    RtmpPlugin plugin;
    plugin.init(context);
    context.runListening();
}

TEST(RtmpPlugin, RtmpsDeclaresItsOwnBoundPort) {
    mocks::MockPluginContext context;
    context.name = "rtmp";
    Poco::JSON::Object::Ptr tls = new Poco::JSON::Object;
    tls->set("certificateFile", "/etc/cert.pem");
    tls->set("privateKeyFile", "/etc/key.pem");
    tls->set("port", 0);
    context.configObject = json({{"port", 0}, {"tls", tls}});
    context.settingsValue = publicAt("stream.example");
    ON_CALL(context.listenerRegistry, boundPort("rtmp")).WillByDefault(::testing::Return(40123));
    ON_CALL(context.listenerRegistry, boundPort("rtmps")).WillByDefault(::testing::Return(40124));
    EXPECT_CALL(context, declareIngest(Field(&IngestEndpoint::serverUrl, "rtmp://stream.example:40123/live")));
    EXPECT_CALL(context, declareIngest(Field(&IngestEndpoint::serverUrl, "rtmps://stream.example:40124/live")));
    RtmpPlugin plugin;
    plugin.init(context);
    context.runListening();
}

TEST(RtmpRefusal, KeyAndRoomProblemsAreBadNameAndTransientOnesFailed) {
    for (auto refusal : {PublishRefusal::UnknownKey, PublishRefusal::RoomGone, PublishRefusal::Revoked,
                         PublishRefusal::Spent, PublishRefusal::Expired, PublishRefusal::GraceExpired,
                         PublishRefusal::LiveElsewhere, PublishRefusal::RoomBusy})
        EXPECT_EQ(rtmpRefusal(refusal).statusCode, "NetStream.Publish.BadName") << publishRefusalName(refusal);
    for (auto refusal : {PublishRefusal::Retry, PublishRefusal::CheckFailed, PublishRefusal::None})
        EXPECT_EQ(rtmpRefusal(refusal).statusCode, "NetStream.Publish.Failed") << publishRefusalName(refusal);
}

TEST(RtmpRefusal, EveryReasonHasItsOwnWordsForTheEncoder) {
    std::set<std::string> descriptions;
    const PublishRefusal all[] = {PublishRefusal::UnknownKey, PublishRefusal::RoomGone,  PublishRefusal::Revoked,
                                  PublishRefusal::Spent,      PublishRefusal::Expired,   PublishRefusal::GraceExpired,
                                  PublishRefusal::LiveElsewhere, PublishRefusal::RoomBusy, PublishRefusal::Retry,
                                  PublishRefusal::CheckFailed};
    for (auto refusal : all) {
        const std::string words = rtmpRefusal(refusal).description;
        EXPECT_FALSE(words.empty()) << publishRefusalName(refusal);
        EXPECT_THAT(words, Not(HasSubstr("NetStream"))) << "words, not codes";
        descriptions.insert(words);
    }
    EXPECT_EQ(descriptions.size(), std::size(all)) << "two reasons share one description";
    EXPECT_THAT(rtmpRefusal(PublishRefusal::UnknownKey).description, HasSubstr("not recognised"));
    EXPECT_THAT(rtmpRefusal(PublishRefusal::Expired).description, HasSubstr("expired"));
}
