#include <gtest/gtest.h>

#include "protocol/ProtocolError.h"
#include "protocol/SocketIoPacket.h"

using namespace sockstream::chat;
using nlohmann::json;

namespace {
SocketIoPacket decode(const std::string& text) {
    SocketIoDecoder decoder;
    auto packet = decoder.addText(text);
    if (!packet) throw std::logic_error("packet waits for attachments");
    return *packet;
}
}  // namespace

TEST(SocketIoDecoder, ConnectToMainAndCustomNamespace) {
    auto main = decode("0");
    EXPECT_EQ(main.type, SocketIoType::Connect);
    EXPECT_EQ(main.nsp, "/");
    EXPECT_TRUE(main.data.is_null());
    auto custom = decode("0/gaming,{\"token\":\"t\"}");
    EXPECT_EQ(custom.nsp, "/gaming");
    EXPECT_EQ(custom.data["token"], "t");
    EXPECT_EQ(decode("0/gaming,").nsp, "/gaming");
    EXPECT_EQ(decode("0/gaming").nsp, "/gaming");
}

TEST(SocketIoDecoder, Disconnect) {
    auto packet = decode("1/gaming,");
    EXPECT_EQ(packet.type, SocketIoType::Disconnect);
    EXPECT_EQ(packet.nsp, "/gaming");
}

TEST(SocketIoDecoder, EventWithAndWithoutAckId) {
    auto plain = decode("2[\"hello\",1,{\"a\":true}]");
    EXPECT_EQ(plain.type, SocketIoType::Event);
    EXPECT_EQ(plain.eventName(), "hello");
    EXPECT_FALSE(plain.id);
    auto acked = decode("2/music,12[\"chat:send\",{\"text\":\"hi\"}]");
    EXPECT_EQ(acked.nsp, "/music");
    ASSERT_TRUE(acked.id);
    EXPECT_EQ(*acked.id, 12u);
    EXPECT_EQ(acked.data[1]["text"], "hi");
}

TEST(SocketIoDecoder, AckAndConnectError) {
    auto ack = decode("3/gaming,7[{\"ok\":true}]");
    EXPECT_EQ(ack.type, SocketIoType::Ack);
    EXPECT_EQ(*ack.id, 7u);
    auto error = decode("4/x,{\"message\":\"Invalid namespace\"}");
    EXPECT_EQ(error.type, SocketIoType::ConnectError);
    EXPECT_EQ(decode("4\"just text\"").data, "just text");
}

TEST(SocketIoDecoder, BinaryEventCollectsAttachments) {
    SocketIoDecoder decoder;
    EXPECT_FALSE(decoder.addText("52-/gaming,[\"upload\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
    EXPECT_TRUE(decoder.awaitingAttachments());
    EXPECT_FALSE(decoder.addBinary("first"));
    auto packet = decoder.addBinary(std::string("\x00\x01", 2));
    ASSERT_TRUE(packet);
    EXPECT_EQ(packet->type, SocketIoType::BinaryEvent);
    EXPECT_EQ(packet->nsp, "/gaming");
    ASSERT_EQ(packet->attachments.size(), 2u);
    EXPECT_EQ(packet->attachments[0], "first");
    EXPECT_FALSE(decoder.awaitingAttachments());
}

TEST(SocketIoDecoder, BinaryAck) {
    SocketIoDecoder decoder;
    EXPECT_FALSE(decoder.addText("61-/gaming,3[{\"_placeholder\":true,\"num\":0}]"));
    auto packet = decoder.addBinary("x");
    ASSERT_TRUE(packet);
    EXPECT_EQ(packet->type, SocketIoType::BinaryAck);
    EXPECT_EQ(*packet->id, 3u);
}

TEST(SocketIoDecoder, RejectsMalformedPackets) {
    const char* malformed[] = {
        "",                              // empty
        "7",                             // unknown type
        "a",                             // not a digit
        "2",                             // event without payload
        "2{}",                           // event payload not an array
        "2[]",                           // event without a name
        "2[1]",                          // event name not a string
        "2[\"connect\"]",                // reserved
        "2[\"disconnecting\"]",          // reserved
        "2[\"newListener\"]",            // reserved
        "2[\"a\"",                       // broken JSON
        "2[\"a\"]x",                     // trailing garbage
        "0[1]",                          // CONNECT payload must be an object
        "0\"x\"",                        // CONNECT payload must be an object
        "1/a,{}",                        // DISCONNECT takes no payload
        "4",                             // CONNECT_ERROR needs a payload
        "41",                            // CONNECT_ERROR with a number
        "3[1]",                          // ACK without an id
        "3/a,1{}",                       // ACK payload must be an array
        "01{}",                          // CONNECT with an id
        "21234567890123456[\"a\"]",      // id too long
        "5[\"a\"]",                      // BINARY_EVENT without a count
        "5x-[\"a\"]",                    // bad count
        "511-[\"a\"]",                   // more than 10 attachments
        "51-[\"a\",{\"_placeholder\":true,\"num\":1}]",  // placeholder beyond the attachments
    };
    for (const char* text : malformed) {
        SocketIoDecoder decoder;
        EXPECT_THROW(decoder.addText(text), ProtocolError) << "accepted: " << text;
    }
}

TEST(SocketIoDecoder, RejectsLongNamespaceAndDeepJson) {
    SocketIoDecoder decoder;
    EXPECT_THROW(decoder.addText("0/" + std::string(200, 'n') + ","), ProtocolError);
    std::string deep = "2[\"a\"," + std::string(100, '[') + std::string(100, ']') + "]";
    EXPECT_THROW(decoder.addText(deep), ProtocolError);
}

TEST(SocketIoDecoder, RejectsUnexpectedAttachmentOrText) {
    SocketIoDecoder decoder;
    EXPECT_THROW(decoder.addBinary("x"), ProtocolError);
    SocketIoDecoder waiting;
    EXPECT_FALSE(waiting.addText("51-[\"a\",{\"_placeholder\":true,\"num\":0}]"));
    EXPECT_THROW(waiting.addText("2[\"b\"]"), ProtocolError);
}

TEST(SocketIoEncoder, EncodesPacketsLikeSocketIoParser) {
    EXPECT_EQ(SocketIoEncoder::encode({SocketIoType::Connect, "/gaming", std::nullopt, {{"sid", "abc"}}, {}}).text,
              "0/gaming,{\"sid\":\"abc\"}");
    EXPECT_EQ(SocketIoEncoder::encode({SocketIoType::ConnectError, "/", std::nullopt, {{"message", "Invalid namespace"}}, {}}).text,
              "4{\"message\":\"Invalid namespace\"}");
    EXPECT_EQ(SocketIoEncoder::encode({SocketIoType::Ack, "/gaming", 5, json::array({{{"ok", true}}}), {}}).text,
              "3/gaming,5[{\"ok\":true}]");
    EXPECT_EQ(SocketIoEncoder::encode({SocketIoType::Disconnect, "/gaming", std::nullopt, nullptr, {}}).text, "1/gaming,");
    EXPECT_EQ(SocketIoEncoder::encodeEvent("/gaming", "chat:message", {{"text", "hi"}}),
              "2/gaming,[\"chat:message\",{\"text\":\"hi\"}]");
}

TEST(SocketIoEncoder, BinaryValuesBecomeAttachments) {
    json data = json::array({"file", json::binary({1, 2, 3})});
    auto encoded = SocketIoEncoder::encode({SocketIoType::Event, "/", std::nullopt, data, {}});
    EXPECT_EQ(encoded.text, "51-[\"file\",{\"_placeholder\":true,\"num\":0}]");
    ASSERT_EQ(encoded.attachments.size(), 1u);
    EXPECT_EQ(encoded.attachments[0], std::string("\x01\x02\x03"));
    SocketIoDecoder decoder;
    EXPECT_FALSE(decoder.addText(encoded.text));
    EXPECT_TRUE(decoder.addBinary(encoded.attachments[0]));
}

TEST(SocketIoEncoder, RoundTripsDecodedEvents) {
    const std::string text = "2/talk,42[\"chat:send\",{\"roomId\":\"r1\",\"text\":\"h\\u00e9llo\"}]";
    auto packet = decode(text);
    auto again = decode(SocketIoEncoder::encode(packet).text);
    EXPECT_EQ(again.data, packet.data);
    EXPECT_EQ(*again.id, 42u);
}
