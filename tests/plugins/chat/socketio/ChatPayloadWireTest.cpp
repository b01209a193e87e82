// The SDK's ChatPayload to and from packets and the cluster's chat.nsp messages.
#include <gtest/gtest.h>

#include <stdexcept>

#include "protocol/SocketIoPacket.h"
#include "socketio/ChatPayloadWire.h"

using namespace sockstream::chat;
using sockstream::ChatPayload;
using nlohmann::json;

TEST(ChatPayloadWire, EventWithBytesBecomesBinaryEvent) {
    ChatPayload args{R"(["a",{"_placeholder":true,"num":0},{"x":{"_placeholder":true,"num":1}}])", {"\x01\x02", "zz"}};
    auto encoded = ChatPayloadWire::encodeEvent("/bot", "upload", args, 3);
    EXPECT_EQ(encoded.text, R"(52-/bot,3["upload","a",{"_placeholder":true,"num":0},{"x":{"_placeholder":true,"num":1}}])");
    ASSERT_EQ(encoded.attachments.size(), 2u);
    EXPECT_EQ(encoded.attachments[1], "zz");
}

TEST(ChatPayloadWire, ReceivedEventKeepsPlaceholdersAndHandsTheBytes) {
    SocketIoDecoder decoder;
    EXPECT_FALSE(decoder.addText(R"(51-/bot,["echo",1,{"_placeholder":true,"num":0}])"));
    auto packet = decoder.addBinary("bytes");
    ASSERT_TRUE(packet);
    auto payload = ChatPayloadWire::fromEvent(*packet);
    EXPECT_EQ(json::parse(payload.json), json::parse(R"([1,{"_placeholder":true,"num":0}])"));
    ASSERT_EQ(payload.binary.size(), 1u);
    EXPECT_EQ(payload.binary[0], "bytes");
    // Echoed as an ack: the same bytes go back as an attachment.
    auto ack = ChatPayloadWire::encodeAck("/bot", 4, payload);
    EXPECT_EQ(ack.text, R"(61-/bot,4[1,{"_placeholder":true,"num":0}])");
    EXPECT_EQ(ack.attachments, std::vector<std::string>{"bytes"});
}

TEST(ChatPayloadWire, APluginsBadPayloadIsRefusedInWords) {
    EXPECT_THROW(ChatPayloadWire::encodeEvent("/bot", "e", ChatPayload{"{}", {}}), std::invalid_argument);
    EXPECT_THROW(ChatPayloadWire::encodeEvent("/bot", "e", ChatPayload{"[1,", {}}), std::invalid_argument);
    EXPECT_THROW(ChatPayloadWire::encodeEvent("/bot", "e", ChatPayload{R"([{"_placeholder":true,"num":0}])", {}}),
                 std::invalid_argument);
    EXPECT_THROW(ChatPayloadWire::encodeEvent("/bot", "connect", ChatPayload{}), std::invalid_argument);
    EXPECT_THROW(ChatPayloadWire::encodeEvent("/bot", "", ChatPayload{}), std::invalid_argument);
}

TEST(ChatPayloadWire, ClusterBroadcastRoundTrips) {
    ChatPayloadWire::Broadcast sent{"/bot", std::string("r1"), "room-message",
                                    ChatPayload{R"(["hi",{"_placeholder":true,"num":0}])", {std::string("\x00\xff", 2)}}};
    auto received = ChatPayloadWire::decodeBroadcast(ChatPayloadWire::encodeBroadcast(sent), ProtocolLimits{});
    ASSERT_TRUE(received);
    EXPECT_EQ(received->nsp, "/bot");
    EXPECT_EQ(received->room, std::optional<std::string>("r1"));
    EXPECT_EQ(received->event, "room-message");
    EXPECT_EQ(json::parse(received->args.json), json::parse(sent.args.json));
    EXPECT_EQ(received->args.binary, sent.args.binary);

    ChatPayloadWire::Broadcast whole{"/", std::nullopt, "all", ChatPayload{"[]", {}}};
    auto all = ChatPayloadWire::decodeBroadcast(ChatPayloadWire::encodeBroadcast(whole), ProtocolLimits{});
    ASSERT_TRUE(all);
    EXPECT_FALSE(all->room);
}

TEST(ChatPayloadWire, MalformedClusterMessagesAreDropped) {
    ProtocolLimits limits;
    limits.maxAttachments = 1;
    for (const char* message : {
             "", "[]", "not json", R"({"nsp":"/bot","event":"e","args":[]})",               // no bin
             R"({"nsp":"bot","event":"e","args":[],"bin":[]})",                                // no slash
             R"({"nsp":"/bot","event":"","args":[],"bin":[]})",                                // no event
             R"({"nsp":"/bot","event":"e","args":{},"bin":[]})",                               // args not an array
             R"({"nsp":"/bot","event":"e","args":[],"bin":["AA==","AA=="]})",                  // too many attachments
             R"({"nsp":"/bot","event":"e","args":[],"bin":["***"]})",                          // not base64
             R"({"nsp":"/bot","event":"e","args":[{"_placeholder":true,"num":3}],"bin":[]})",  // out of range
             R"({"nsp":"/bot","room":5,"event":"e","args":[],"bin":[]})"}) {                   // room not a string
        EXPECT_FALSE(ChatPayloadWire::decodeBroadcast(message, limits)) << message;
    }
}
