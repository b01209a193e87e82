// RTP from a publisher (RFC 3550 5.1, RFC 8285 header extensions): every
// field, CSRCs, extensions and padding parse; malformed packets are refused with a reason.
#include <gtest/gtest.h>

#include "RtpHeader.h"
#include "RtpPacket.h"
#include "WireBytes.h"

using namespace sockstream::webrtc;

namespace {
std::string bytes(std::initializer_list<int> values) { return wireBytes(values); }
std::string refusal(const std::string& datagram) {
    std::string why;
    EXPECT_FALSE(RtpPacket::parse(datagram, &why).has_value());
    return why;
}
}  // namespace

TEST(RtpPacket, ParsesTheFixedHeaderAndPayload) {
    std::string datagram;
    appendRtpHeader(datagram, true, 102, 65535, 0xDEADBEEF, 0x01020304);
    datagram += "payload";
    const auto packet = RtpPacket::parse(datagram);
    ASSERT_TRUE(packet);
    EXPECT_TRUE(packet->marker);
    EXPECT_EQ(packet->payloadType, 102);
    EXPECT_EQ(packet->sequence, 65535);
    EXPECT_EQ(packet->timestamp, 0xDEADBEEFu);
    EXPECT_EQ(packet->ssrc, 0x01020304u);
    EXPECT_EQ(packet->csrcCount, 0);
    EXPECT_FALSE(packet->hasExtension);
    EXPECT_EQ(packet->payload, "payload");
}

TEST(RtpPacket, ReadsCsrcsOneByteExtensionsAndPadding) {
    // X and P set, two CSRCs; a one-byte extension (0xBEDE) with id 1 (2 bytes) and id 3 (1 byte), one padding octet.
    const std::string datagram = bytes({0xB2, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
                                        0, 0, 0, 0x0A, 0, 0, 0, 0x0B,
                                        0xBE, 0xDE, 0, 2, 0x11, 0xAA, 0xBB, 0x00, 0x30, 0xCC, 0, 0,
                                        'h', 'i', 0, 0, 3});
    const auto packet = RtpPacket::parse(datagram);
    ASSERT_TRUE(packet);
    EXPECT_EQ(packet->csrcCount, 2);
    EXPECT_EQ(packet->csrcs[0], 0x0Au);
    EXPECT_EQ(packet->csrcs[1], 0x0Bu);
    EXPECT_EQ(packet->extensionProfile, 0xBEDE);
    EXPECT_EQ(packet->extensionElement(1), bytes({0xAA, 0xBB}));
    EXPECT_EQ(packet->extensionElement(3), bytes({0xCC}));
    EXPECT_FALSE(packet->extensionElement(2));
    EXPECT_EQ(packet->payload, "hi");
    EXPECT_EQ(packet->paddingSize, 3u);
}

TEST(RtpPacket, ReadsTwoByteExtensionsAndPaddingOnlyProbes) {
    const std::string twoByte = bytes({0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0x10, 0x00, 0, 2, 7, 3, 1, 2, 3, 0, 0, 0, 'x'});
    const auto packet = RtpPacket::parse(twoByte);
    ASSERT_TRUE(packet);
    EXPECT_EQ(packet->extensionElement(7), bytes({1, 2, 3}));
    EXPECT_EQ(packet->payload, "x");
    // Chromium's bandwidth probes: padding only.
    std::string probe;
    appendRtpHeader(probe, false, 102, 9, 0, 1);
    probe[0] = static_cast<char>(0xA0);
    probe += std::string(254, '\0') + '\xFF';
    const auto padding = RtpPacket::parse(probe);
    ASSERT_TRUE(padding);
    EXPECT_TRUE(padding->payload.empty());
    EXPECT_EQ(padding->paddingSize, 255u);
}

TEST(RtpPacket, MalformedExtensionElementsAreNotFound) {
    // One-byte element id 1 claiming 4 bytes with 2 present; id 15 stops processing.
    // A parsed packet views its datagram, so each datagram outlives its packet.
    const std::string truncatedBytes = bytes({0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xBE, 0xDE, 0, 1, 0x00, 0x00, 0x13, 0xAA});
    const auto truncated = RtpPacket::parse(truncatedBytes);
    ASSERT_TRUE(truncated);
    EXPECT_FALSE(truncated->extensionElement(1));
    const std::string reservedBytes = bytes({0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xBE, 0xDE, 0, 1, 0xF0, 0x20, 0xAA, 0});
    const auto reserved = RtpPacket::parse(reservedBytes);
    ASSERT_TRUE(reserved);
    EXPECT_FALSE(reserved->extensionElement(2));
    const std::string otherProfileBytes = bytes({0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0x12, 0x34, 0, 1, 0x10, 0xAA, 0, 0});
    const auto otherProfile = RtpPacket::parse(otherProfileBytes);
    ASSERT_TRUE(otherProfile);
    EXPECT_FALSE(otherProfile->extensionElement(1));
}

TEST(RtpPacket, RefusesMalformedPacketsWithAReason) {
    EXPECT_NE(refusal(bytes({0x80, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0})).find("12-byte"), std::string::npos);
    EXPECT_NE(refusal(std::string(1501, '\x80')).find("1500"), std::string::npos);
    EXPECT_NE(refusal(bytes({0x40, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3})).find("version"), std::string::npos);
    EXPECT_NE(refusal(bytes({0x80, 200, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3})).find("RTCP"), std::string::npos);  // an SR
    EXPECT_NE(refusal(bytes({0x81, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0})).find("CSRC"), std::string::npos);
    EXPECT_NE(refusal(bytes({0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xBE, 0xDE})).find("extension"), std::string::npos);
    EXPECT_NE(refusal(bytes({0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xBE, 0xDE, 0, 2, 0, 0, 0, 0})).find("extension"), std::string::npos);
    EXPECT_NE(refusal(bytes({0xA0, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3})).find("padding"), std::string::npos);
    EXPECT_NE(refusal(bytes({0xA0, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 'a', 0})).find("padding"), std::string::npos);
    EXPECT_NE(refusal(bytes({0xA0, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 'a', 3})).find("padding"), std::string::npos);
}
