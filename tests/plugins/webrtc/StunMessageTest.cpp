// STUN parsing and writing against the RFC 5769 test vectors, plus malformed input.
#include <gtest/gtest.h>

#include <string>

#include "StunMessage.h"
#include "StunWriter.h"

using namespace sockstream::webrtc;

namespace {
std::string bytes(std::initializer_list<int> list) {
    std::string out;
    for (int b : list) out.push_back(static_cast<char>(b));
    return out;
}

const std::string kPassword = "VOkJxbRl1RmTxUk/WvJxBt";

// RFC 5769 section 2.1 (note the SOFTWARE/USERNAME padding is spaces, not zeros).
const std::string kSampleRequest = bytes({
    0x00, 0x01, 0x00, 0x58, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x10, 0x53, 0x54, 0x55, 0x4e, 0x20, 0x74, 0x65, 0x73,
    0x74, 0x20, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x00, 0x24, 0x00, 0x04, 0x6e, 0x00, 0x01, 0xff,
    0x80, 0x29, 0x00, 0x08, 0x93, 0x2f, 0xf9, 0xb1, 0x51, 0x26, 0x3b, 0x36, 0x00, 0x06, 0x00, 0x09,
    0x65, 0x76, 0x74, 0x6a, 0x3a, 0x68, 0x36, 0x76, 0x59, 0x20, 0x20, 0x20, 0x00, 0x08, 0x00, 0x14,
    0x9a, 0xea, 0xa7, 0x0c, 0xbf, 0xd8, 0xcb, 0x56, 0x78, 0x1e, 0xf2, 0xb5, 0xb2, 0xd3, 0xf2, 0x49,
    0xc1, 0xb5, 0x71, 0xa2, 0x80, 0x28, 0x00, 0x04, 0xe5, 0x7a, 0x3b, 0xcf});

// RFC 5769 section 2.2: 192.0.2.1 port 32853.
const std::string kIpv4Response = bytes({
    0x01, 0x01, 0x00, 0x3c, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63,
    0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43,
    0x00, 0x08, 0x00, 0x14, 0x2b, 0x91, 0xf5, 0x99, 0xfd, 0x9e, 0x90, 0xc3, 0x8c, 0x74, 0x89, 0xf9,
    0x2a, 0xf9, 0xba, 0x53, 0xf0, 0x6b, 0xe7, 0xd7, 0x80, 0x28, 0x00, 0x04, 0xc0, 0x7d, 0x4c, 0x96});

// RFC 5769 section 2.3: 2001:db8:1234:5678:11:2233:4455:6677 port 32853.
const std::string kIpv6Response = bytes({
    0x01, 0x01, 0x00, 0x48, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63,
    0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x14, 0x00, 0x02, 0xa1, 0x47, 0x01, 0x13, 0xa9, 0xfa,
    0xa5, 0xd3, 0xf1, 0x79, 0xbc, 0x25, 0xf4, 0xb5, 0xbe, 0xd2, 0xb9, 0xd9, 0x00, 0x08, 0x00, 0x14,
    0xa3, 0x82, 0x95, 0x4e, 0x4b, 0xe6, 0x7b, 0xf1, 0x17, 0x84, 0xc9, 0x7c, 0x82, 0x92, 0xc2, 0x75,
    0xbf, 0xe3, 0xed, 0x41, 0x80, 0x28, 0x00, 0x04, 0xc8, 0xfb, 0x0b, 0x4c});

StunMessage::TransactionId sampleTransaction() {
    StunMessage::TransactionId id{};
    const std::string raw = kSampleRequest.substr(8, 12);
    for (int i = 0; i < 12; ++i) id[i] = static_cast<std::uint8_t>(raw[i]);
    return id;
}
}  // namespace

TEST(StunMessage, ParsesRfc5769SampleRequest) {
    const auto message = StunMessage::parse(kSampleRequest);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->type(), stun::kBindingRequest);
    EXPECT_EQ(message->username(), "evtj:h6vY");
    EXPECT_EQ(message->priority(), 0x6e0001ffu);
    EXPECT_EQ(message->iceControlled(), 0x932ff9b151263b36ull);
    EXPECT_FALSE(message->iceControlling());
    EXPECT_FALSE(message->useCandidate());
    EXPECT_TRUE(message->verifyIntegrity(kPassword));
    EXPECT_TRUE(message->verifyFingerprint());
    EXPECT_FALSE(message->verifyIntegrity("wrong password"));
}

TEST(StunMessage, ParsesRfc5769Ipv4Response) {
    const auto message = StunMessage::parse(kIpv4Response);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->type(), stun::kBindingSuccess);
    EXPECT_EQ(message->xorMappedAddress(), TransportAddress::v4(192, 0, 2, 1, 32853));
    EXPECT_TRUE(message->verifyIntegrity(kPassword));
    EXPECT_TRUE(message->verifyFingerprint());
}

TEST(StunMessage, ParsesRfc5769Ipv6Response) {
    const auto message = StunMessage::parse(kIpv6Response);
    ASSERT_TRUE(message);
    const auto address = message->xorMappedAddress();
    ASSERT_TRUE(address);
    EXPECT_EQ(address->toString(), "[2001:db8:1234:5678:11:2233:4455:6677]:32853");
    EXPECT_TRUE(message->verifyIntegrity(kPassword));
    EXPECT_TRUE(message->verifyFingerprint());
}

TEST(StunWriter, WritesRfc5769Ipv4ResponseLayout) {
    // The vector pads SOFTWARE with a space where the writer pads with zero
    // (both are allowed), so the layout is compared up to MESSAGE-INTEGRITY
    // and the signature is checked by parsing.
    StunWriter writer(stun::kBindingSuccess, sampleTransaction());
    writer.attribute(stun::kSoftware, "test vector");
    writer.xorMappedAddress(TransportAddress::v4(192, 0, 2, 1, 32853));
    const std::string written = writer.finish(kPassword);
    std::string expected = kIpv4Response;
    expected[35] = '\0';  // the vector's padding byte after "test vector"
    ASSERT_EQ(written.size(), kIpv4Response.size());
    EXPECT_EQ(written.substr(0, 48), expected.substr(0, 48));
    const auto parsed = StunMessage::parse(written);
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->verifyIntegrity(kPassword));
    EXPECT_TRUE(parsed->verifyFingerprint());
}

TEST(StunWriter, WritesRfc5769Ipv6XorMappedAddress) {
    // The XOR with cookie and transaction id must give the vector's bytes.
    StunWriter writer(stun::kBindingSuccess, sampleTransaction());
    writer.attribute(stun::kSoftware, "test vector ");
    TransportAddress address;
    address.ipv6 = true;
    const std::uint8_t ip[16] = {0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78,
                                 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};
    std::copy(std::begin(ip), std::end(ip), address.ip.begin());
    address.port = 32853;
    writer.xorMappedAddress(address);
    const std::string written = writer.finish(kPassword);
    EXPECT_EQ(written.substr(36, 24), kIpv6Response.substr(36, 24));
}

TEST(StunWriter, SignedRequestRoundTrips) {
    StunMessage::TransactionId id{};
    id.fill(7);
    const std::string written = StunWriter(stun::kBindingRequest, id)
                                    .attribute(stun::kUsername, "abcd:efgh")
                                    .uint32(stun::kPriority, 12345)
                                    .uint64(stun::kIceControlling, 0x0102030405060708ull)
                                    .flag(stun::kUseCandidate)
                                    .finish("secret");
    const auto parsed = StunMessage::parse(written);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->transactionId(), id);
    EXPECT_EQ(parsed->username(), "abcd:efgh");
    EXPECT_EQ(parsed->priority(), 12345u);
    EXPECT_EQ(parsed->iceControlling(), 0x0102030405060708ull);
    EXPECT_TRUE(parsed->useCandidate());
    EXPECT_TRUE(parsed->verifyIntegrity("secret"));
    EXPECT_TRUE(parsed->verifyFingerprint());
}

TEST(StunMessage, TamperedBytesFailIntegrityAndFingerprint) {
    std::string tampered = kSampleRequest;
    tampered[46] ^= 1;  // inside PRIORITY
    const auto message = StunMessage::parse(tampered);
    ASSERT_TRUE(message);
    EXPECT_FALSE(message->verifyIntegrity(kPassword));
    EXPECT_FALSE(message->verifyFingerprint());
}

TEST(StunMessage, RefusesMalformedFraming) {
    EXPECT_FALSE(StunMessage::parse(""));
    EXPECT_FALSE(StunMessage::parse(kSampleRequest.substr(0, 19)));
    EXPECT_FALSE(StunMessage::parse(kSampleRequest.substr(0, kSampleRequest.size() - 4)));  // length says more
    std::string longer = kSampleRequest + std::string(4, '\0');
    EXPECT_FALSE(StunMessage::parse(longer));  // trailing bytes the length does not cover

    std::string badCookie = kSampleRequest;
    badCookie[4] = 0x22;
    EXPECT_FALSE(StunMessage::parse(badCookie));

    std::string topBits = kSampleRequest;
    topBits[0] = static_cast<char>(0x80);  // RTP-looking first byte
    EXPECT_FALSE(StunMessage::parse(topBits));

    std::string unaligned = kSampleRequest.substr(0, 22);
    unaligned[3] = 2;
    EXPECT_FALSE(StunMessage::parse(unaligned));
}

TEST(StunMessage, RefusesAttributeOverrunningTheMessage) {
    StunMessage::TransactionId id{};
    std::string message = StunWriter(stun::kBindingRequest, id).attribute(stun::kUsername, "abcd").finish("", false);
    message[23] = 40;  // USERNAME claims 40 bytes, the message holds 4
    EXPECT_FALSE(StunMessage::parse(message));
}

TEST(StunMessage, RefusesWrongSizedIntegrityAndFingerprint) {
    StunMessage::TransactionId id{};
    EXPECT_FALSE(StunMessage::parse(
        StunWriter(stun::kBindingRequest, id).attribute(stun::kMessageIntegrity, "short").finish("", false)));
    EXPECT_FALSE(StunMessage::parse(
        StunWriter(stun::kBindingRequest, id).attribute(stun::kFingerprint, "12345678").finish("", false)));
}

TEST(StunMessage, RefusesAttributesAfterFingerprint) {
    StunMessage::TransactionId id{};
    std::string message = StunWriter(stun::kBindingRequest, id).finish("", true);
    message += std::string("\x00\x06\x00\x00", 4);
    message[3] = static_cast<char>(message.size() - 20);
    EXPECT_FALSE(StunMessage::parse(message));
}

TEST(StunMessage, IgnoresAttributesAfterIntegrity) {
    StunMessage::TransactionId id{};
    std::string message = StunWriter(stun::kBindingRequest, id).attribute(stun::kUsername, "a:b").finish("pw", false);
    message += std::string("\x00\x24\x00\x04\x00\x00\x00\x01", 8);  // PRIORITY, not covered
    message[3] = static_cast<char>(message.size() - 20);
    const auto parsed = StunMessage::parse(message);
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->priority());
    EXPECT_TRUE(parsed->verifyIntegrity("pw"));
}

TEST(StunMessage, RefusesTooManyAttributesAndOversizedDatagrams) {
    StunMessage::TransactionId id{};
    StunWriter many(stun::kBindingRequest, id);
    for (int i = 0; i < 33; ++i) many.flag(stun::kUseCandidate);
    const std::string manyBytes = many.finish("", false);
    EXPECT_FALSE(StunMessage::parse(manyBytes));

    StunWriter big(stun::kBindingRequest, id);
    big.attribute(stun::kSoftware, std::string(1500, 'x'));
    const std::string bigBytes = big.finish("", false);
    EXPECT_FALSE(StunMessage::parse(bigBytes));
}

TEST(StunMessage, RefusesMalformedAttributeValues) {
    StunMessage::TransactionId id{};
    // The message views these bytes, so they must outlive it.
    const std::string bytes = StunWriter(stun::kBindingRequest, id)
                                  .attribute(stun::kPriority, "abc")
                                  .attribute(stun::kIceControlling, "1234")
                                  .attribute(stun::kXorMappedAddress, std::string("\x00\x03\x00\x00\x00\x00\x00\x00", 8))
                                  .attribute(stun::kUsername, std::string(600, 'u'))
                                  .finish("", false);
    const auto parsed = StunMessage::parse(bytes);
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->priority());
    EXPECT_FALSE(parsed->iceControlling());
    EXPECT_FALSE(parsed->xorMappedAddress());
    EXPECT_FALSE(parsed->username());
    EXPECT_FALSE(parsed->verifyIntegrity("x"));
    EXPECT_FALSE(parsed->verifyFingerprint());
}
