// The per-track NACK history: packets come back by sequence number while they
// are within capacity, never after they were overwritten, and across the wrap.
#include <gtest/gtest.h>

#include "RetransmissionHistory.h"
#include "RtpHeader.h"

using namespace sockstream::webrtc;

namespace {
std::string packet(std::uint16_t sequence, char fill = 'x') {
    std::string out;
    appendRtpHeader(out, false, 96, sequence, 1000u * sequence, 42);
    out.append(100, fill);
    return out;
}
}  // namespace

TEST(RetransmissionHistory, FindsWhatItHoldsAndForgetsWhatWasOverwritten) {
    RetransmissionHistory history(64);
    EXPECT_EQ(history.capacity(), 64u);
    for (std::uint16_t s = 0; s < 100; ++s) history.remember(packet(s));
    for (std::uint16_t s = 36; s < 100; ++s) {
        const std::string* found = history.find(s);
        ASSERT_NE(found, nullptr) << s;
        EXPECT_EQ(*found, packet(s));
    }
    for (std::uint16_t s = 0; s < 36; ++s) EXPECT_EQ(history.find(s), nullptr) << s;
    EXPECT_EQ(history.find(100), nullptr);  // not sent yet
}

TEST(RetransmissionHistory, WorksAcrossTheSequenceWrap) {
    RetransmissionHistory history(32);
    for (std::uint32_t i = 0; i < 40; ++i) history.remember(packet(static_cast<std::uint16_t>(65520 + i)));
    for (std::uint32_t i = 8; i < 40; ++i) ASSERT_NE(history.find(static_cast<std::uint16_t>(65520 + i)), nullptr) << i;
    EXPECT_EQ(history.find(65520), nullptr);
    EXPECT_EQ(*history.find(7), packet(7));
}

TEST(RetransmissionHistory, ASlotFromAFullSequenceCycleAgoIsNotReturned) {
    RetransmissionHistory history(16);
    history.remember(packet(5, 'a'));
    // The stream moves on by 100 without writing slot 5 (other slots only).
    for (std::uint16_t s = 112; s < 117; ++s) history.remember(packet(s));
    EXPECT_EQ(history.find(5), nullptr);  // too old, though its slot still holds it
}

TEST(RetransmissionHistory, ALatePacketDoesNotMoveTheNewestBackAndShortPacketsAreIgnored) {
    RetransmissionHistory history(16);
    for (std::uint16_t s = 200; s < 210; ++s) history.remember(packet(s));
    history.remember(packet(199));  // late
    EXPECT_NE(history.find(209), nullptr);
    EXPECT_NE(history.find(199), nullptr);
    history.remember(std::string(11, '\0'));
    EXPECT_EQ(history.find(0), nullptr);
    history.clear();
    EXPECT_EQ(history.find(209), nullptr);
}

TEST(RetransmissionHistory, CapacityIsAPowerOfTwoWithinBounds) {
    EXPECT_EQ(RetransmissionHistory(0).capacity(), 16u);
    EXPECT_EQ(RetransmissionHistory(1000).capacity(), 1024u);
    EXPECT_EQ(RetransmissionHistory(1'000'000).capacity(), 32768u);
}
