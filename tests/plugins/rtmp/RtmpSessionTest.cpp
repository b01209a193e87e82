#include <gtest/gtest.h>

#include "MediaSamples.h"
#include "RecordingEvents.h"
#include "RtmpError.h"
#include "RtmpSession.h"
#include "RtmpTestClient.h"

using namespace sockstream::rtmp;
using namespace sockstream::rtmp::test;
using sockstream::MediaTime;

namespace {

struct Client {
    RtmpLimits limits;
    RecordingEvents events;
    RtmpSession session{limits, "live", events};
    ServerOutput output;
    std::size_t seen = 0;

    void send(const std::string& bytes) {
        session.feed(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    /// Server messages that arrived since the last call.
    std::vector<RtmpMessage> received() {
        output.append(events.sent.substr(seen));
        seen = events.sent.size();
        return output.messages();
    }
    void handshake() {
        send(plainC0C1());
        send(std::string(1536, '\0'));
    }
    void connect(const std::string& app = "live") {
        send(command({Amf0Value::string("connect"), Amf0Value::number(1), connectObject(app)}));
    }
    void publishSequence(const std::string& key) {
        send(command({Amf0Value::string("releaseStream"), Amf0Value::number(2), Amf0Value::null(), Amf0Value::string(key)}));
        send(command({Amf0Value::string("FCPublish"), Amf0Value::number(3), Amf0Value::null(), Amf0Value::string(key)}));
        send(command({Amf0Value::string("createStream"), Amf0Value::number(4), Amf0Value::null()}));
        send(command({Amf0Value::string("publish"), Amf0Value::number(5), Amf0Value::null(), Amf0Value::string(key),
                      Amf0Value::string("live")}, 1));
    }
    void publishAccepted(const std::string& key = "secret-key") {
        handshake();
        connect();
        publishSequence(key);
        session.acceptPublish();
    }
    void metadata() {
        Amf0Value meta = Amf0Value::ecmaArray();
        meta.set("videocodecid", Amf0Value::number(7));
        meta.set("audiocodecid", Amf0Value::number(10));
        meta.set("width", Amf0Value::number(320));
        meta.set("encoder", Amf0Value::string("Lavf"));
        Amf0Writer amf;
        amf.string("@setDataFrame");
        amf.string("onMetaData");
        amf.value(meta);
        send(message(4, MessageType::Amf0Data, 1, 0, amf.take()));
    }
    void video(const std::string& tag, std::uint32_t ts) { send(message(6, MessageType::Video, 1, ts, tag)); }
    void audio(const std::string& tag, std::uint32_t ts) { send(message(4, MessageType::Audio, 1, ts, tag)); }
};

std::string statusCode(const std::vector<Amf0Value>& command) {
    return command.size() > 3 ? command[3].stringProperty("code") : std::string();
}

}  // namespace

TEST(RtmpSession, AnswersConnectWithControlMessagesAndResult) {
    Client c;
    c.handshake();
    EXPECT_EQ(c.session.state(), RtmpSession::State::Connecting);
    c.connect();
    const auto messages = c.received();
    ASSERT_GE(messages.size(), 4u);
    EXPECT_EQ(messages[0].type, MessageType::WindowAckSize);
    EXPECT_EQ(messages[1].type, MessageType::SetPeerBandwidth);
    EXPECT_EQ(messages[2].type, MessageType::SetChunkSize);
    const auto commands = ServerOutput::commands(messages);
    ASSERT_EQ(commands.size(), 1u);
    EXPECT_EQ(commands[0][0].asString(), "_result");
    EXPECT_EQ(commands[0][1].asNumber(), 1);
    EXPECT_EQ(statusCode(commands[0]), "NetConnection.Connect.Success");
}

TEST(RtmpSession, RunsThePublishSequenceEncodersUse) {
    Client c;
    c.handshake();
    c.connect();
    c.received();
    c.publishSequence("secret-key?obs=1");
    ASSERT_EQ(c.events.publishRequests, std::vector<std::string>{"secret-key"});
    EXPECT_EQ(c.session.state(), RtmpSession::State::Authorizing);
    auto commands = ServerOutput::commands(c.received());
    ASSERT_EQ(commands.size(), 3u);  // releaseStream, FCPublish, createStream
    EXPECT_EQ(commands[2][0].asString(), "_result");
    EXPECT_EQ(commands[2][1].asNumber(), 4);
    EXPECT_EQ(commands[2][3].asNumber(), 1);  // the stream id

    // Media sent before the key is checked waits.
    c.metadata();
    c.video(avcTag(true, 0, 0, avcC()), 0);
    EXPECT_EQ(c.events.opened, 0);
    c.session.acceptPublish();
    EXPECT_EQ(c.session.state(), RtmpSession::State::Publishing);
    const auto messages = c.received();
    commands = ServerOutput::commands(messages);
    ASSERT_EQ(commands.size(), 1u);
    EXPECT_EQ(commands[0][0].asString(), "onStatus");
    EXPECT_EQ(statusCode(commands[0]), "NetStream.Publish.Start");
    EXPECT_EQ(messages[0].type, MessageType::UserControl);  // Stream Begin

    c.audio(aacConfigTag(), 0);
    ASSERT_EQ(c.events.opened, 1);
    EXPECT_EQ(c.events.encoder, "Lavf");
    c.video(avcTag(true, 1, 66, nalus()), 0);
    c.audio(aacFrameTag(), 23);
    ASSERT_EQ(c.events.packets.size(), 2u);
    EXPECT_EQ(c.events.packets[0].pts, MediaTime::fromMilliseconds(66));

    c.send(command({Amf0Value::string("FCUnpublish"), Amf0Value::number(6), Amf0Value::null(), Amf0Value::string("k")}));
    c.send(command({Amf0Value::string("deleteStream"), Amf0Value::number(7), Amf0Value::null(), Amf0Value::number(1)}));
    EXPECT_EQ(c.events.unpublishedCount, 1);
    EXPECT_EQ(c.session.state(), RtmpSession::State::Unpublished);
}

TEST(RtmpSession, RefusedKeyGetsTheStatusAndACloseRequest) {
    Client c;
    c.handshake();
    c.connect();
    c.publishSequence("bad");
    c.received();
    c.session.refusePublish("NetStream.Publish.BadName", "Unknown stream key");
    const auto commands = ServerOutput::commands(c.received());
    ASSERT_EQ(commands.size(), 1u);
    EXPECT_EQ(statusCode(commands[0]), "NetStream.Publish.BadName");
    EXPECT_EQ(commands[0][3].stringProperty("level"), "error");
    EXPECT_EQ(commands[0][3].stringProperty("description"), "Unknown stream key");
    EXPECT_EQ(c.events.closeReasons.size(), 1u);
    EXPECT_EQ(c.session.state(), RtmpSession::State::Closed);
}

TEST(RtmpSession, RejectsAnotherApplication) {
    Client c;
    c.handshake();
    c.connect("other");
    const auto commands = ServerOutput::commands(c.received());
    ASSERT_EQ(commands.size(), 1u);
    EXPECT_EQ(commands[0][0].asString(), "_error");
    EXPECT_EQ(statusCode(commands[0]), "NetConnection.Connect.Rejected");
    EXPECT_EQ(c.events.closeReasons.size(), 1u);
}

TEST(RtmpSession, AcceptsTheApplicationWithSlashOrQuery) {
    Client c;
    c.handshake();
    c.connect("live/?token=1");
    EXPECT_EQ(c.session.state(), RtmpSession::State::Connected);
}

TEST(RtmpSession, RefusesBadStreamNamesWithoutAskingTheCore) {
    for (const std::string& name : {std::string(""), std::string("../etc"), std::string(257, 'k'), std::string("a/b")}) {
        Client c;
        c.handshake();
        c.connect();
        c.publishSequence(name);
        EXPECT_TRUE(c.events.publishRequests.empty());
        EXPECT_EQ(c.session.state(), RtmpSession::State::Closed);
        const auto commands = ServerOutput::commands(c.received());
        EXPECT_EQ(statusCode(commands.back()), "NetStream.Publish.BadName");
    }
}

TEST(RtmpSession, AnErrorQuotesAHostileCommandNameHarmlessly) {
    Client c;
    c.handshake();
    try {
        c.send(command({Amf0Value::string("x\n2026-01-01T00:00:00.000Z Notice admin: signed in\x1b[2J"),
                        Amf0Value::number(2), Amf0Value::null()}));
        FAIL() << "a command before connect is refused";
    } catch (const RtmpError& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.find('\n'), std::string::npos);
        EXPECT_EQ(what.find('\x1b'), std::string::npos);
        EXPECT_NE(what.find("command 'x?2026-01-01T00?00?00.000Z"), std::string::npos) << what;
    }
}

TEST(RtmpSession, RefusesProtocolViolations) {
    {
        Client c;  // media before publish
        c.handshake();
        c.connect();
        EXPECT_THROW(c.video(avcTag(true, 0, 0, avcC()), 0), RtmpError);
    }
    {
        Client c;  // commands before connect
        c.handshake();
        EXPECT_THROW(c.send(command({Amf0Value::string("createStream"), Amf0Value::number(2), Amf0Value::null()})),
                     RtmpError);
    }
    {
        Client c;  // connect twice
        c.handshake();
        c.connect();
        EXPECT_THROW(c.connect(), RtmpError);
    }
    {
        Client c;  // publish on a stream never created
        c.handshake();
        c.connect();
        EXPECT_THROW(c.send(command({Amf0Value::string("publish"), Amf0Value::number(5), Amf0Value::null(),
                                     Amf0Value::string("k")}, 9)),
                     RtmpError);
    }
    {
        Client c;  // bad chunk size
        c.handshake();
        std::string payload;
        ByteWriter(payload).u32(64);
        EXPECT_THROW(c.send(message(2, MessageType::SetChunkSize, 0, 0, payload)), RtmpError);
    }
    {
        Client c;  // truncated control message
        c.handshake();
        EXPECT_THROW(c.send(message(2, MessageType::WindowAckSize, 0, 0, "ab")), RtmpError);
    }
    {
        Client c;  // malformed AMF in a command
        c.handshake();
        EXPECT_THROW(c.send(message(3, MessageType::Amf0Command, 0, 0, std::string("\x02\x00\x09conn", 7))), RtmpError);
    }
    {
        Client c;  // too many createStream calls
        c.handshake();
        c.connect();
        for (int i = 0; i < 8; ++i)
            c.send(command({Amf0Value::string("createStream"), Amf0Value::number(2), Amf0Value::null()}));
        EXPECT_THROW(c.send(command({Amf0Value::string("createStream"), Amf0Value::number(2), Amf0Value::null()})),
                     RtmpError);
    }
    {
        Client c;  // malformed video once publishing
        c.publishAccepted();
        EXPECT_THROW(c.video(avcTag(true, 1, 0, std::string("\x00\x00\x00\x09\x65", 5)), 0), RtmpError);
    }
}

TEST(RtmpSession, HoldsAtMostTheConfiguredInputWhileAuthorizing) {
    Client c;
    c.limits.maxSuspendedInputBytes = 4096;
    c.handshake();
    c.connect();
    c.publishSequence("k");
    EXPECT_THROW(c.send(std::string(5000, '\0')), RtmpError);
}

TEST(RtmpSession, AnswersPingsAndAcknowledgesTheWindow) {
    Client c;
    c.handshake();
    c.connect();
    c.received();
    std::string ping;
    ByteWriter w(ping);
    w.u16(6);
    w.u32(1234);
    c.send(message(2, MessageType::UserControl, 0, 0, ping));
    auto messages = c.received();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].type, MessageType::UserControl);
    ByteReader pong(messages[0].payload);
    EXPECT_EQ(pong.u16("event"), 7);
    EXPECT_EQ(pong.u32("timestamp"), 1234u);

    std::string window;
    ByteWriter(window).u32(5000);
    c.send(message(2, MessageType::WindowAckSize, 0, 0, window));
    c.send(message(3, MessageType::Amf0Data, 0, 0, std::string(3000, '\x05')));
    messages = c.received();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].type, MessageType::Acknowledgement);
    EXPECT_GE(ByteReader(messages[0].payload).u32("sequence"), 5000u);
}

TEST(RtmpSession, AppliesSetChunkSizeAndAbortFromTheClient) {
    Client c;
    c.handshake();
    std::string size;
    ByteWriter(size).u32(4096);
    c.send(message(2, MessageType::SetChunkSize, 0, 0, size));
    Amf0Writer amf;
    amf.string("connect");
    amf.number(1);
    Amf0Value object = connectObject("live");
    object.set("padding", Amf0Value::string(std::string(1000, 'p')));
    amf.value(object);
    c.send(message(3, MessageType::Amf0Command, 0, 0, amf.take(), 4096));
    EXPECT_EQ(c.session.state(), RtmpSession::State::Connected);
}

TEST(RtmpSession, RefusesToPlay) {
    Client c;
    c.handshake();
    c.connect();
    c.send(command({Amf0Value::string("play"), Amf0Value::number(2), Amf0Value::null(), Amf0Value::string("x")}));
    EXPECT_EQ(c.session.state(), RtmpSession::State::Closed);
}
