// The plugin glue against gmock mocks of the core: key check off the I/O
// thread, refusal status and close, bus stream lifecycle, takeover, timeouts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "MediaSamples.h"
#include "MockMediaPublisher.h"
#include "MockPluginContext.h"
#include "MockStreamConnection.h"
#include "RtmpConnection.h"
#include "RtmpTestClient.h"

using namespace sockstream;
using namespace sockstream::rtmp;
using namespace sockstream::rtmp::test;
using ::testing::_;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::ReturnRef;

namespace {

struct Fixture {
    mocks::MockPluginContext context;
    RtmpConfig config = RtmpConfig::parse(Poco::JSON::Object(), Settings{});
    RtmpMetrics metrics{context.metricRegistry};
    BroadcastTimelines timelines;
    std::shared_ptr<NiceMock<mocks::MockStreamConnection>> socket = std::make_shared<NiceMock<mocks::MockStreamConnection>>();
    std::shared_ptr<RtmpConnection> connection;
    std::string remote = "127.0.0.1";
    ServerOutput output;
    std::function<void()> blockingTask;
    std::function<void()> deadlineTask;
    int closes = 0;

    Fixture() {
        ON_CALL(*socket, remoteAddress()).WillByDefault(ReturnRef(remote));
        ON_CALL(*socket, send(_)).WillByDefault([this](std::string bytes) { output.append(bytes); });
        ON_CALL(*socket, close()).WillByDefault([this] { ++closes; });
        ON_CALL(context.timers, postBlocking(_)).WillByDefault([this](std::function<void()> task) { blockingTask = task; });
        ON_CALL(context.timers, after(_, _)).WillByDefault([this](std::chrono::milliseconds, std::function<void()> task) {
            deadlineTask = task;
            return nullptr;
        });
        connection = std::make_shared<RtmpConnection>(context, config, metrics, timelines);
        connection->onOpen(socket);
    }
    void send(const std::string& bytes) {
        connection->onData(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    void requestPublish(const std::string& key) {
        send(plainC0C1() + std::string(1536, '\0'));
        send(command({Amf0Value::string("connect"), Amf0Value::number(1), connectObject("live")}));
        send(command({Amf0Value::string("createStream"), Amf0Value::number(2), Amf0Value::null()}));
        send(command({Amf0Value::string("publish"), Amf0Value::number(3), Amf0Value::null(), Amf0Value::string(key),
                      Amf0Value::string("live")}, 1));
    }
    void sendMedia() {
        Amf0Value meta = Amf0Value::ecmaArray();
        meta.set("videocodecid", Amf0Value::number(7));  // video only: opens at its sequence header
        Amf0Writer amf;
        amf.string("@setDataFrame");
        amf.string("onMetaData");
        amf.value(meta);
        send(message(4, MessageType::Amf0Data, 1, 0, amf.take()));
        send(message(6, MessageType::Video, 1, 0, avcTag(true, 0, 0, avcC())));
        send(message(6, MessageType::Video, 1, 0, avcTag(true, 1, 0, nalus())));
        send(message(6, MessageType::Video, 1, 40, avcTag(false, 1, 0, nalus())));
    }
    std::vector<std::string> statusCodes() {
        std::vector<std::string> codes;
        for (const auto& c : ServerOutput::commands(output.messages()))
            if (c.size() > 3) codes.push_back(c[3].stringProperty("code"));
        return codes;
    }
    static PublishDecision allowed(bool resumed = false) {
        PublishDecision decision;
        decision.allowed = true;
        decision.grant.roomId = "room-1";
        decision.grant.broadcastId = "broadcast-1";
        decision.grant.resumed = resumed;
        return decision;
    }
};

}  // namespace

TEST(RtmpConnection, ChecksTheKeyOffTheIoThreadAndWordsTheCoresRefusalInRtmp) {
    Fixture f;
    f.requestPublish("wrong-key");
    ASSERT_TRUE(f.blockingTask);  // nothing decided on the I/O thread
    PublishDecision refused;
    refused.refusal = PublishRefusal::UnknownKey;
    refused.reason = "the stream key is not recognised";
    EXPECT_CALL(f.context.roomRegistry, authorizePublish(std::string_view("wrong-key"))).WillOnce(Return(refused));
    EXPECT_CALL(f.context.mediaBus, openStream(_, _, _, _)).Times(0);
    f.blockingTask();
    EXPECT_EQ(f.closes, 1);
    const auto codes = f.statusCodes();
    ASSERT_FALSE(codes.empty());
    EXPECT_EQ(codes.back(), "NetStream.Publish.BadName");
}

TEST(RtmpConnection, OnlyAnAcceptedKeyMakesTheConnectionEstablished) {
    Fixture refusedFixture;
    EXPECT_CALL(*refusedFixture.socket, markEstablished()).Times(0);
    refusedFixture.requestPublish("wrong-key");
    PublishDecision refused;
    refused.refusal = PublishRefusal::Spent;
    EXPECT_CALL(refusedFixture.context.roomRegistry, authorizePublish(_)).WillOnce(Return(refused));
    refusedFixture.blockingTask();

    Fixture f;
    f.send(plainC0C1() + std::string(1536, '\0'));
    f.send(command({Amf0Value::string("connect"), Amf0Value::number(1), connectObject("live")}));
    ::testing::Mock::VerifyAndClearExpectations(f.socket.get());
    EXPECT_CALL(*f.socket, markEstablished()).Times(1);  // after the key check, not at connect
    f.send(command({Amf0Value::string("createStream"), Amf0Value::number(2), Amf0Value::null()}));
    f.send(command({Amf0Value::string("publish"), Amf0Value::number(3), Amf0Value::null(), Amf0Value::string("good"),
                    Amf0Value::string("live")}, 1));
    EXPECT_CALL(f.context.roomRegistry, authorizePublish(_)).WillOnce(Return(Fixture::allowed()));
    f.blockingTask();
}

TEST(RtmpConnection, OpensTheBusStreamPushesAndFinishesOnUnpublish) {
    Fixture f;
    f.requestPublish("good-key");
    EXPECT_CALL(f.context.roomRegistry, authorizePublish(_)).WillOnce(Return(Fixture::allowed()));
    f.blockingTask();
    EXPECT_EQ(f.statusCodes().back(), "NetStream.Publish.Start");

    auto publisher = std::make_unique<NiceMock<mocks::MockMediaPublisher>>();
    auto* raw = publisher.get();
    ON_CALL(*raw, active()).WillByDefault(Return(true));
    EXPECT_CALL(*raw, push(_)).Times(2);
    EXPECT_CALL(*raw, finish()).Times(1);
    EXPECT_CALL(*raw, interrupt()).Times(0);
    EXPECT_CALL(f.context.mediaBus, openStream(_, _, _, _))
        .WillOnce([&](const PublishGrant& grant, std::vector<TrackInfo> tracks, std::string, std::function<void()>) {
            EXPECT_EQ(grant.roomId, "room-1");
            EXPECT_EQ(tracks.size(), 1u);
            EXPECT_EQ(tracks[0].codecConfig, avcC());
            return std::move(publisher);
        });
    f.sendMedia();
    f.send(command({Amf0Value::string("FCUnpublish"), Amf0Value::number(4), Amf0Value::null(), Amf0Value::string("k")}));
    f.connection->onClose();
}

TEST(RtmpConnection, ALostConnectionInterruptsTheBroadcast) {
    Fixture f;
    f.requestPublish("good-key");
    ON_CALL(f.context.roomRegistry, authorizePublish(_)).WillByDefault(Return(Fixture::allowed()));
    f.blockingTask();
    auto publisher = std::make_unique<NiceMock<mocks::MockMediaPublisher>>();
    auto* raw = publisher.get();
    ON_CALL(*raw, active()).WillByDefault(Return(true));
    EXPECT_CALL(*raw, interrupt()).Times(1);
    EXPECT_CALL(*raw, finish()).Times(0);
    EXPECT_CALL(f.context.mediaBus, openStream(_, _, _, _)).WillOnce(Return(::testing::ByMove(std::move(publisher))));
    f.sendMedia();
    f.connection->onClose();
}

TEST(RtmpConnection, ASupersededConnectionIsClosedAndStopsPushing) {
    Fixture f;
    f.requestPublish("good-key");
    ON_CALL(f.context.roomRegistry, authorizePublish(_)).WillByDefault(Return(Fixture::allowed()));
    f.blockingTask();
    std::function<void()> supersede;
    auto publisher = std::make_unique<NiceMock<mocks::MockMediaPublisher>>();
    auto* raw = publisher.get();
    ON_CALL(*raw, active()).WillByDefault(Return(true));
    EXPECT_CALL(*raw, push(_)).Times(2);  // only before the takeover
    EXPECT_CALL(*raw, interrupt()).Times(0);
    EXPECT_CALL(f.context.mediaBus, openStream(_, _, _, _))
        .WillOnce([&](const PublishGrant&, std::vector<TrackInfo>, std::string, std::function<void()> onSuperseded) {
            supersede = onSuperseded;
            return std::move(publisher);
        });
    f.sendMedia();
    supersede();
    EXPECT_EQ(f.closes, 1);
    f.send(message(6, MessageType::Video, 1, 80, avcTag(false, 1, 0, nalus())));
    f.connection->onClose();
}

TEST(RtmpConnection, TheBusAskingToCloseDisconnectsTheEncoderWithoutAnInterruption) {
    Fixture f;
    f.requestPublish("good-key");
    ON_CALL(f.context.roomRegistry, authorizePublish(_)).WillByDefault(Return(Fixture::allowed()));
    f.blockingTask();
    std::function<void(const std::string&)> closeIngest;
    auto publisher = std::make_unique<NiceMock<mocks::MockMediaPublisher>>();
    auto* raw = publisher.get();
    ON_CALL(*raw, active()).WillByDefault(Return(true));
    EXPECT_CALL(*raw, setCloseHandler(_)).WillOnce([&](std::function<void(const std::string&)> handler) {
        closeIngest = std::move(handler);
    });
    EXPECT_CALL(*raw, interrupt()).Times(0);  // the bus already ended the broadcast: no grace window
    EXPECT_CALL(f.context.mediaBus, openStream(_, _, _, _)).WillOnce(Return(::testing::ByMove(std::move(publisher))));
    f.sendMedia();
    ASSERT_TRUE(closeIngest) << "the connection tells the bus how to close it";
    closeIngest("the room's owner ended the broadcast");  // the owner's stop
    EXPECT_EQ(f.closes, 1);
    f.connection->onClose();
}

TEST(RtmpConnection, AResumedBroadcastContinuesAfterTheLastTimestamp) {
    Fixture f;
    f.timelines.timeline("broadcast-1")->store(90'000);  // where the previous connection stopped
    f.requestPublish("good-key");
    ON_CALL(f.context.roomRegistry, authorizePublish(_)).WillByDefault(Return(Fixture::allowed(true)));
    f.blockingTask();
    std::vector<std::int64_t> dts;
    auto publisher = std::make_unique<NiceMock<mocks::MockMediaPublisher>>();
    ON_CALL(*publisher, active()).WillByDefault(Return(true));
    ON_CALL(*publisher, push(_)).WillByDefault([&](const MediaPacket& p) { dts.push_back(p.dts.milliseconds()); });
    EXPECT_CALL(f.context.mediaBus, openStream(_, _, _, _)).WillOnce(Return(::testing::ByMove(std::move(publisher))));
    f.sendMedia();
    ASSERT_EQ(dts.size(), 2u);
    EXPECT_GT(dts[0], 90'000);
    EXPECT_EQ(dts[1] - dts[0], 40);
    f.connection->onClose();
}

TEST(RtmpConnection, MalformedInputClosesTheConnection) {
    Fixture f;
    f.send(std::string("\x06", 1));  // RTMPE
    EXPECT_EQ(f.closes, 1);
}

TEST(RtmpConnection, AConnectionThatNeverPublishesIsClosedAtTheDeadline) {
    Fixture f;
    ASSERT_TRUE(f.deadlineTask);
    f.send(plainC0C1());
    f.deadlineTask();
    EXPECT_EQ(f.closes, 1);

    Fixture publishing;
    publishing.requestPublish("good-key");
    ON_CALL(publishing.context.roomRegistry, authorizePublish(_)).WillByDefault(Return(Fixture::allowed()));
    publishing.blockingTask();
    publishing.deadlineTask();
    EXPECT_EQ(publishing.closes, 0);
}
