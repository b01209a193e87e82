#include <gtest/gtest.h>

#include "protocol/EngineIoPacket.h"
#include "protocol/ProtocolError.h"

using namespace sockstream::chat;

TEST(EngineIoCodec, DecodesEveryTextPacketType) {
    const std::pair<std::string, EngineIoType> cases[] = {
        {"0{\"sid\":\"x\"}", EngineIoType::Open}, {"1", EngineIoType::Close},   {"2", EngineIoType::Ping},
        {"3probe", EngineIoType::Pong},           {"4hello", EngineIoType::Message}, {"5", EngineIoType::Upgrade},
        {"6", EngineIoType::Noop}};
    for (const auto& [text, type] : cases) {
        const auto packet = EngineIoCodec::decodeText(text);
        EXPECT_EQ(packet.type, type) << text;
        EXPECT_EQ(packet.data, text.substr(1));
        EXPECT_FALSE(packet.binary);
        EXPECT_EQ(EngineIoCodec::encodeText(packet.type, packet.data), text);
    }
}

TEST(EngineIoCodec, RejectsEmptyAndUnknownTypes) {
    EXPECT_THROW(EngineIoCodec::decodeText(""), ProtocolError);
    EXPECT_THROW(EngineIoCodec::decodeText("7"), ProtocolError);
    EXPECT_THROW(EngineIoCodec::decodeText("x"), ProtocolError);
    EXPECT_THROW(EngineIoCodec::decodeText(std::string("\0", 1)), ProtocolError);
}

TEST(EngineIoCodec, BinaryFrameIsAMessage) {
    const auto packet = EngineIoCodec::decodeBinary(std::string("\x01\x02\x00", 3));
    EXPECT_EQ(packet.type, EngineIoType::Message);
    EXPECT_TRUE(packet.binary);
    EXPECT_EQ(packet.data.size(), 3u);
}

TEST(EngineIoCodec, PayloadSplitsOnRecordSeparator) {
    ProtocolLimits limits;
    const auto packets = EngineIoCodec::decodePayload("4hello\x1e" "2\x1e" "bAQID", limits);
    ASSERT_EQ(packets.size(), 3u);
    EXPECT_EQ(packets[0], (EngineIoPacket{EngineIoType::Message, "hello", false}));
    EXPECT_EQ(packets[1], (EngineIoPacket{EngineIoType::Ping, "", false}));
    EXPECT_EQ(packets[2], (EngineIoPacket{EngineIoType::Message, std::string("\x01\x02\x03"), true}));
}

TEST(EngineIoCodec, PayloadRoundTripsBinaryAsBase64) {
    EngineIoPacket binary{EngineIoType::Message, std::string("\x00\xff\x10", 3), true};
    const std::string encoded = EngineIoCodec::joinPayload(
        {EngineIoCodec::encodeForPayload(binary), EngineIoCodec::encodeText(EngineIoType::Message, "x")});
    EXPECT_EQ(encoded, "bAP8Q\x1e" "4x");
    const auto decoded = EngineIoCodec::decodePayload(encoded, {});
    ASSERT_EQ(decoded.size(), 2u);
    EXPECT_EQ(decoded[0], binary);
}

TEST(EngineIoCodec, RejectsMalformedPayloads) {
    ProtocolLimits limits;
    EXPECT_THROW(EngineIoCodec::decodePayload("", limits), ProtocolError);
    EXPECT_THROW(EngineIoCodec::decodePayload("4a\x1e", limits), ProtocolError);       // empty trailing packet
    EXPECT_THROW(EngineIoCodec::decodePayload("\x1e" "4a", limits), ProtocolError);    // empty leading packet
    EXPECT_THROW(EngineIoCodec::decodePayload("9x", limits), ProtocolError);
    EXPECT_THROW(EngineIoCodec::decodePayload("bAQI", limits), ProtocolError);         // three base64 characters
}

TEST(EngineIoCodec, RejectsBadBase64) {
    ProtocolLimits limits;
    EXPECT_THROW(EngineIoCodec::decodePayload("bAQ", limits), ProtocolError);     // length
    EXPECT_THROW(EngineIoCodec::decodePayload("bA!==", limits), ProtocolError);   // alphabet / length
    EXPECT_THROW(EngineIoCodec::decodePayload("bA=AA", limits), ProtocolError);   // padding inside
}

TEST(EngineIoCodec, EnforcesPayloadLimits) {
    ProtocolLimits limits;
    limits.maxPayloadBytes = 10;
    EXPECT_THROW(EngineIoCodec::decodePayload("4" + std::string(10, 'a'), limits), ProtocolError);
    limits.maxPayloadBytes = 1000;
    limits.maxPacketsPerPayload = 3;
    EXPECT_NO_THROW(EngineIoCodec::decodePayload("2\x1e" "2\x1e" "2", limits));
    EXPECT_THROW(EngineIoCodec::decodePayload("2\x1e" "2\x1e" "2\x1e" "2", limits), ProtocolError);
}
