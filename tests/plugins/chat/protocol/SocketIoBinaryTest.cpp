// BINARY_EVENT / BINARY_ACK with attachments, both ways, and what the decoder
// refuses: wrong attachment counts, oversized attachments, placeholders out of range.
#include <gtest/gtest.h>

#include "protocol/ProtocolError.h"
#include "protocol/SocketIoPacket.h"

using namespace sockstream::chat;
using nlohmann::json;

namespace {

json bin(std::initializer_list<std::uint8_t> bytes) { return json::binary(std::vector<std::uint8_t>(bytes)); }
json placeholder(int num) { return {{"_placeholder", true}, {"num", num}}; }

/// Feeds an encoded packet (header, then attachments) to a fresh decoder.
SocketIoPacket roundTrip(const SocketIoEncoder::Encoded& encoded, ProtocolLimits limits = {}) {
    SocketIoDecoder decoder(limits);
    auto packet = decoder.addText(encoded.text);
    for (const auto& attachment : encoded.attachments) {
        EXPECT_FALSE(packet.has_value()) << "complete before its last attachment";
        packet = decoder.addBinary(attachment);
    }
    if (!packet) throw std::logic_error("still waiting for attachments");
    EXPECT_FALSE(decoder.awaitingAttachments());
    return *packet;
}

}  // namespace

TEST(SocketIoBinary, EventWithNestedAttachmentsRoundTrips) {
    json data = json::array({"upload", bin({1, 2, 3}), {{"inner", json::array({bin({}), "x"})}}, 42});
    auto encoded = SocketIoEncoder::encode(SocketIoPacket{SocketIoType::Event, "/bot", 5, data, {}});
    EXPECT_EQ(encoded.text.rfind("52-/bot,5[\"upload\",", 0), 0u) << encoded.text;
    ASSERT_EQ(encoded.attachments.size(), 2u);
    EXPECT_EQ(encoded.attachments[0], std::string("\x01\x02\x03"));
    EXPECT_EQ(encoded.attachments[1], "");

    auto packet = roundTrip(encoded);
    EXPECT_EQ(packet.type, SocketIoType::BinaryEvent);
    EXPECT_EQ(packet.nsp, "/bot");
    EXPECT_EQ(packet.id, 5u);
    EXPECT_EQ(packet.data[1], placeholder(0));
    EXPECT_EQ(packet.data[2]["inner"][0], placeholder(1));
    EXPECT_EQ(reconstructBinary(packet.data, packet.attachments), data);
}

TEST(SocketIoBinary, AckWithSeveralArgumentsBecomesBinaryAck) {
    json data = json::array({"ok", bin({9}), json::object({{"n", 2}})});
    auto encoded = SocketIoEncoder::encode(SocketIoPacket{SocketIoType::Ack, "/", 12, data, {}});
    EXPECT_EQ(encoded.text, "61-12[\"ok\",{\"_placeholder\":true,\"num\":0},{\"n\":2}]");
    auto packet = roundTrip(encoded);
    EXPECT_EQ(packet.type, SocketIoType::BinaryAck);
    EXPECT_EQ(packet.id, 12u);
    EXPECT_EQ(reconstructBinary(packet.data, packet.attachments), data);
}

TEST(SocketIoBinary, WithoutBytesAnAckStaysTextual) {
    auto encoded = SocketIoEncoder::encode(SocketIoPacket{SocketIoType::Ack, "/bot", 0, json::array({"a", 1}), {}});
    EXPECT_EQ(encoded.text, "3/bot,0[\"a\",1]");
    EXPECT_TRUE(encoded.attachments.empty());
}

TEST(SocketIoBinary, TooFewAttachmentsBeforeTheNextPacketIsRefused) {
    SocketIoDecoder decoder;
    EXPECT_FALSE(decoder.addText("52-/bot,[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
    EXPECT_FALSE(decoder.addBinary("one"));
    EXPECT_THROW(decoder.addText("2/bot,[\"next\"]"), ProtocolError);
}

TEST(SocketIoBinary, AnAttachmentNobodyAnnouncedIsRefused) {
    SocketIoDecoder decoder;
    auto packet = decoder.addText("51-/bot,[\"e\",{\"_placeholder\":true,\"num\":0}]");
    EXPECT_FALSE(packet);
    EXPECT_TRUE(decoder.addBinary("only"));
    EXPECT_THROW(decoder.addBinary("extra"), ProtocolError);
}

TEST(SocketIoBinary, MalformedAttachmentCountsAreRefused) {
    for (const char* text : {"5-[\"e\"]", "5x-[\"e\"]", "51[\"e\"]", "51234-[\"e\"]", "511-[\"e\"]", "6-1[\"a\"]"}) {
        SocketIoDecoder decoder;
        EXPECT_THROW(decoder.addText(text), ProtocolError) << text;
    }
}

TEST(SocketIoBinary, PlaceholdersOutOfRangeOrMalformedAreRefused) {
    for (const char* text : {"51-[\"e\",{\"_placeholder\":true,\"num\":1}]", "50-[\"e\",{\"_placeholder\":true,\"num\":0}]",
                             "61-3[{\"_placeholder\":true,\"num\":7}]"}) {
        SocketIoDecoder decoder;
        EXPECT_THROW(decoder.addText(text), ProtocolError) << text;
    }
    // A negative or fractional num is no placeholder: plain data, not an attachment reference.
    SocketIoDecoder decoder;
    auto packet = decoder.addText("50-[\"e\",{\"_placeholder\":true,\"num\":-1}]");
    ASSERT_TRUE(packet);
    EXPECT_EQ(reconstructBinary(packet->data, {}), packet->data);
    EXPECT_THROW(reconstructBinary(json::array({placeholder(0)}), {}), ProtocolError);
    EXPECT_THROW(reconstructBinary(json::array({"a", {{"deep", placeholder(2)}}}), {"x", "y"}), ProtocolError);
}

TEST(SocketIoBinary, AttachmentsLargerThanTheLimitTogetherAreRefused) {
    ProtocolLimits limits;
    limits.maxAttachmentBytes = 8;
    SocketIoDecoder decoder(limits);
    EXPECT_FALSE(decoder.addText("52-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
    EXPECT_FALSE(decoder.addBinary("12345"));
    EXPECT_THROW(decoder.addBinary("6789"), ProtocolError);  // 9 bytes together

    // Exactly at the limit passes, and the count starts again for the next packet.
    SocketIoDecoder exact(limits);
    EXPECT_FALSE(exact.addText("52-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
    EXPECT_FALSE(exact.addBinary("1234"));
    EXPECT_TRUE(exact.addBinary("5678"));
    EXPECT_FALSE(exact.addText("51-[\"e\",{\"_placeholder\":true,\"num\":0}]"));
    EXPECT_TRUE(exact.addBinary("12345678"));
}

TEST(SocketIoBinary, MoreAttachmentsThanTheLimitAreRefused) {
    ProtocolLimits limits;
    limits.maxAttachments = 2;
    SocketIoDecoder decoder(limits);
    EXPECT_THROW(decoder.addText("53-[\"e\"]"), ProtocolError);
}
