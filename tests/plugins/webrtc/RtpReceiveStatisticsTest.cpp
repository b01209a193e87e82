// Receiver reports for a publisher (RFC 3550 A.3, A.8): loss, fraction lost
// per interval, the extended highest sequence across the wrap, jitter and the
// LSR/DLSR echo, and that the block survives the RTCP writer and parser.
#include <gtest/gtest.h>

#include "NtpTime.h"
#include "RtcpParser.h"
#include "RtcpWriter.h"
#include "RtpReceiveStatistics.h"

using namespace sockstream::webrtc;
using namespace std::chrono_literals;

namespace {
const RtpReceiveStatistics::Clock::time_point kStart{std::chrono::seconds(1000)};
}

TEST(RtpReceiveStatistics, NothingToReportBeforeTheFirstPacket) {
    RtpReceiveStatistics statistics(1, 90000);
    EXPECT_FALSE(statistics.reportBlock(kStart));
}

TEST(RtpReceiveStatistics, CountsLossAcrossTheWrapAndPerInterval) {
    RtpReceiveStatistics statistics(0xABC, 48000);
    // 65530 .. 65535, 0 .. 13 (20 packets) with 3 missing: 65533, 2, 3.
    std::uint16_t sequence = 65530;
    std::uint32_t timestamp = 0;
    auto arrival = kStart;
    for (int i = 0; i < 20; ++i, ++sequence, timestamp += 960, arrival += 20ms)
        if (sequence != 65533 && sequence != 2 && sequence != 3) statistics.onPacket(sequence, timestamp, arrival);
    auto block = statistics.reportBlock(arrival);
    ASSERT_TRUE(block);
    EXPECT_EQ(block->ssrc, 0xABCu);
    EXPECT_EQ(block->highestSequence, (1u << 16) | 13u);
    EXPECT_EQ(block->cumulativeLost, 3);
    EXPECT_EQ(block->fractionLost, 3 * 256 / 20);
    EXPECT_EQ(statistics.packetsReceived(), 17u);

    // The next interval: 10 more, none lost.
    for (int i = 0; i < 10; ++i, ++sequence, timestamp += 960, arrival += 20ms) statistics.onPacket(sequence, timestamp, arrival);
    block = statistics.reportBlock(arrival);
    EXPECT_EQ(block->cumulativeLost, 3);
    EXPECT_EQ(block->fractionLost, 0);
}

TEST(RtpReceiveStatistics, JitterIsZeroForEvenArrivalsAndGrowsWithUnevenOnes) {
    RtpReceiveStatistics even(1, 90000);
    for (int i = 0; i < 50; ++i) even.onPacket(static_cast<std::uint16_t>(i), 3000u * i, kStart + i * 33333us);
    EXPECT_LE(even.reportBlock(kStart + 2s)->jitter, 1u);

    RtpReceiveStatistics uneven(1, 90000);
    for (int i = 0; i < 50; ++i)
        uneven.onPacket(static_cast<std::uint16_t>(i), 3000u * i, kStart + i * 33333us + (i % 2 ? 10ms : 0ms));
    // Every transit changes by 10 ms (900 ticks): the estimate approaches 900.
    const auto jitter = uneven.reportBlock(kStart + 2s)->jitter;
    EXPECT_GT(jitter, 800u);
    EXPECT_LE(jitter, 901u);
}

TEST(RtpReceiveStatistics, EchoesTheLastSenderReportWithTheDelaySince) {
    RtpReceiveStatistics statistics(1, 90000);
    statistics.onPacket(1, 0, kStart);
    EXPECT_EQ(statistics.reportBlock(kStart)->lastSenderReport, 0u);
    SenderReport report;
    report.ntpTime = 0x0001'2345'6789'ABCDULL;
    statistics.onSenderReport(report, kStart + 1s);
    const auto block = statistics.reportBlock(kStart + 1500ms);
    EXPECT_EQ(block->lastSenderReport, 0x23456789u);
    EXPECT_EQ(block->delaySinceLastSenderReport, 32768u);  // half a second in 1/65536 s

    // Written into an RR and read back, the publisher sees the same figures.
    std::string datagram;
    appendReceiverReport(datagram, ReceiverReport{1, {*block}});
    const auto parsed = parseRtcpCompound(datagram);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->receiverReports[0].reports[0].lastSenderReport, 0x23456789u);
    EXPECT_EQ(parsed->receiverReports[0].reports[0].delaySinceLastSenderReport, 32768u);
}
