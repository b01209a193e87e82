// RTCP (RFC 3550, 4585, 5104): what a browser sends parses into reports and
// feedback, what we write parses back, and every malformed packet refuses the
// whole datagram with a reason.
#include <gtest/gtest.h>

#include <array>

#include "NtpTime.h"
#include "RtcpLimits.h"
#include "RtcpParser.h"
#include "RtcpWriter.h"
#include "WebRtcError.h"
#include "WireBytes.h"

using namespace sockstream::webrtc;

namespace {

std::string bytes(std::initializer_list<int> values) { return wireBytes(values); }

std::string refusal(const std::string& datagram) {
    std::string why;
    EXPECT_FALSE(parseRtcpCompound(datagram, &why).has_value());
    return why;
}

ReportBlock block() {
    ReportBlock b;
    b.ssrc = 0x11223344;
    b.fractionLost = 25;
    b.cumulativeLost = -3;
    b.highestSequence = 0x0001FFFE;
    b.jitter = 90;
    b.lastSenderReport = 0xAABBCCDD;
    b.delaySinceLastSenderReport = 65536;
    return b;
}

/// What Chromium sends a sendonly peer: an RR about our video SSRC and its CNAME.
std::string browserReceiverReport() {
    return bytes({0x81, 201, 0x00, 0x07,  // RR, one block, 8 words
                  0x00, 0x00, 0x00, 0x01,  // sender SSRC (receivers use 1 when they send nothing)
                  0x01, 0x02, 0x03, 0x04,  // block about our SSRC
                  0x0A, 0x00, 0x00, 0x05,  // 10/256 lost, 5 cumulative
                  0x00, 0x01, 0x00, 0x10,  // extended highest sequence 65552
                  0x00, 0x00, 0x00, 0x20,  // jitter 32
                  0x12, 0x34, 0x56, 0x78,  // LSR
                  0x00, 0x00, 0x80, 0x00,  // DLSR: half a second
                  0x81, 202, 0x00, 0x03,  // SDES, one chunk, 4 words
                  0x00, 0x00, 0x00, 0x01, 0x01, 0x04, 'a', 'b', 'c', 'd', 0x00, 0x00});
}

}  // namespace

TEST(Rtcp, ReadsABrowsersReceiverReportAndReadsPastItsSourceDescription) {
    const auto compound = parseRtcpCompound(browserReceiverReport());
    ASSERT_TRUE(compound);
    ASSERT_EQ(compound->receiverReports.size(), 1u);
    const auto& report = compound->receiverReports[0];
    EXPECT_EQ(report.ssrc, 1u);
    ASSERT_EQ(report.reports.size(), 1u);
    const auto& got = report.reports[0];
    EXPECT_EQ(got.ssrc, 0x01020304u);
    EXPECT_EQ(got.fractionLost, 10);
    EXPECT_EQ(got.cumulativeLost, 5);
    EXPECT_EQ(got.highestSequence, 65552u);
    EXPECT_EQ(got.jitter, 32u);
    EXPECT_EQ(got.lastSenderReport, 0x12345678u);
    EXPECT_EQ(got.delaySinceLastSenderReport, 0x8000u);
    EXPECT_EQ(compound->ignoredPackets, 1u);
}

TEST(Rtcp, WritesASenderReportWithCnameThatParsesBack) {
    SenderReport report;
    report.ssrc = 0xCAFEBABE;
    report.ntpTime = 0xE1234567'89ABCDEFULL;
    report.rtpTimestamp = 0xFFFFFFF0;
    report.packetCount = 1234;
    report.octetCount = 987654;
    report.reports = {block()};
    std::string datagram;
    appendSenderReport(datagram, report);
    appendSourceDescription(datagram, report.ssrc, "sockstream");
    EXPECT_EQ(datagram.size() % 4, 0u);
    EXPECT_TRUE(looksLikeRtcp(datagram));

    const auto compound = parseRtcpCompound(datagram);
    ASSERT_TRUE(compound);
    ASSERT_EQ(compound->senderReports.size(), 1u);
    const auto& got = compound->senderReports[0];
    EXPECT_EQ(got.ssrc, report.ssrc);
    EXPECT_EQ(got.ntpTime, report.ntpTime);
    EXPECT_EQ(got.rtpTimestamp, report.rtpTimestamp);
    EXPECT_EQ(got.packetCount, 1234u);
    EXPECT_EQ(got.octetCount, 987654u);
    ASSERT_EQ(got.reports.size(), 1u);
    EXPECT_EQ(got.reports[0].cumulativeLost, -3);  // 24-bit sign survives the round trip
    EXPECT_EQ(got.reports[0].highestSequence, 0x0001FFFEu);
    EXPECT_EQ(compound->ignoredPackets, 1u);  // the SDES
}

TEST(Rtcp, ReceiverReportAndGoodbyeRoundTrip) {
    std::string datagram;
    appendReceiverReport(datagram, ReceiverReport{7, {block(), block()}});
    appendGoodbye(datagram, 7);
    const auto compound = parseRtcpCompound(datagram);
    ASSERT_TRUE(compound);
    ASSERT_EQ(compound->receiverReports.size(), 1u);
    EXPECT_EQ(compound->receiverReports[0].reports.size(), 2u);
    EXPECT_EQ(compound->goodbyes, std::vector<std::uint32_t>{7});
}

TEST(Rtcp, GenericNackPacksIntoPidAndBitmaskAndExpandsBackAcrossTheWrap) {
    const std::vector<std::uint16_t> lost = {100, 101, 105, 116, 117, 200, 65535, 0, 3};
    std::string datagram;
    appendReceiverReport(datagram, ReceiverReport{1, {}});
    appendGenericNack(datagram, 1, 0x01020304, lost);
    // 100 carries 101, 105 and 116 in its mask; 117 starts a new pair (17 after 100);
    // 65535 carries 0 and 3 across the wrap: 4 pairs.
    EXPECT_EQ(datagram.size(), 8u + 12u + 4 * 4u);
    const auto compound = parseRtcpCompound(datagram);
    ASSERT_TRUE(compound);
    ASSERT_EQ(compound->nacks.size(), 1u);
    EXPECT_EQ(compound->nacks[0].senderSsrc, 1u);
    EXPECT_EQ(compound->nacks[0].mediaSsrc, 0x01020304u);
    EXPECT_EQ(compound->nacks[0].sequences, lost);
}

TEST(Rtcp, ReadsAFullBitmaskFromTheWire) {
    const auto compound = parseRtcpCompound(bytes({0x81, 205, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF}));
    ASSERT_TRUE(compound);
    ASSERT_EQ(compound->nacks.size(), 1u);
    const auto& sequences = compound->nacks[0].sequences;
    ASSERT_EQ(sequences.size(), 17u);
    for (std::size_t i = 0; i < sequences.size(); ++i) EXPECT_EQ(sequences[i], static_cast<std::uint16_t>(65535 + i));
}

TEST(Rtcp, PictureLossAndFullIntraRequestParse) {
    std::string datagram;
    appendReceiverReport(datagram, ReceiverReport{1, {}});
    appendPictureLossIndication(datagram, 1, 0xABCD);
    const std::array<FullIntraRequest::Entry, 2> entries{{{0xABCD, 7}, {0x1234, 255}}};
    appendFullIntraRequest(datagram, 1, entries);
    const auto compound = parseRtcpCompound(datagram);
    ASSERT_TRUE(compound);
    ASSERT_EQ(compound->pictureLosses.size(), 1u);
    EXPECT_EQ(compound->pictureLosses[0].mediaSsrc, 0xABCDu);
    ASSERT_EQ(compound->fullIntraRequests.size(), 1u);
    ASSERT_EQ(compound->fullIntraRequests[0].entries.size(), 2u);
    EXPECT_EQ(compound->fullIntraRequests[0].entries[0].ssrc, 0xABCDu);
    EXPECT_EQ(compound->fullIntraRequests[0].entries[0].sequence, 7);
    EXPECT_EQ(compound->fullIntraRequests[0].entries[1].sequence, 255);
}

TEST(Rtcp, AcceptsReducedSizeFeedbackAlone) {
    std::string datagram;
    appendPictureLossIndication(datagram, 1, 2);
    const auto compound = parseRtcpCompound(datagram);
    ASSERT_TRUE(compound);
    EXPECT_EQ(compound->pictureLosses.size(), 1u);
}

TEST(Rtcp, ReadsPastRembTransportCcAndApp) {
    std::string datagram = browserReceiverReport();
    // REMB: PSFB FMT 15, "REMB", 1 SSRC, bitrate.
    datagram += bytes({0x8F, 206, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 0, 'R', 'E', 'M', 'B', 0x01, 0x0A, 0xBC, 0xDE, 0x01, 0x02, 0x03, 0x04});
    // transport-cc: RTPFB FMT 15 with a minimal body.
    datagram += bytes({0x8F, 205, 0x00, 0x05, 0, 0, 0, 1, 1, 2, 3, 4, 0, 1, 0, 1, 0, 0, 0, 0, 0x20, 0x01, 0, 0});
    // APP.
    datagram += bytes({0x80, 204, 0x00, 0x02, 0, 0, 0, 1, 'n', 'a', 'm', 'e'});
    const auto compound = parseRtcpCompound(datagram);
    ASSERT_TRUE(compound);
    EXPECT_EQ(compound->ignoredPackets, 4u);  // SDES, REMB, transport-cc, APP
    EXPECT_TRUE(compound->nacks.empty());
    EXPECT_TRUE(compound->pictureLosses.empty());
}

TEST(Rtcp, PaddingOnTheLastPacketIsRemoved) {
    // A PLI padded with 4 bytes (count 4 in the last octet).
    const auto compound = parseRtcpCompound(bytes({0xA1, 206, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 4}));
    ASSERT_TRUE(compound);
    EXPECT_EQ(compound->pictureLosses.size(), 1u);
}

TEST(Rtcp, RefusesMalformedDatagramsWithAReason) {
    EXPECT_NE(refusal(""), "");
    EXPECT_NE(refusal(bytes({0x80, 201, 0x00})), "");
    EXPECT_NE(refusal(bytes({0x80, 201, 0x00, 0x01, 0, 0, 0, 1, 0})), "");  // not whole words
    EXPECT_NE(refusal(std::string(1504, '\x80')).find("1500"), std::string::npos);
    EXPECT_NE(refusal(bytes({0x40, 201, 0x00, 0x01, 0, 0, 0, 1})).find("version"), std::string::npos);
    EXPECT_NE(refusal(bytes({0x80, 96, 0x00, 0x01, 0, 0, 0, 1})).find("192..223"), std::string::npos);
    EXPECT_NE(refusal(bytes({0x80, 201, 0x00, 0x02, 0, 0, 0, 1})).find("length"), std::string::npos);
    // RR claiming one block without it.
    EXPECT_NE(refusal(bytes({0x81, 201, 0x00, 0x01, 0, 0, 0, 1})).find("report count"), std::string::npos);
    // SR without its sender info.
    EXPECT_NE(refusal(bytes({0x80, 200, 0x00, 0x01, 0, 0, 0, 1})).find("sender report"), std::string::npos);
    // BYE with two SSRCs announced and one present.
    EXPECT_NE(refusal(bytes({0x82, 203, 0x00, 0x01, 0, 0, 0, 1})).find("BYE"), std::string::npos);
    // Padding on a packet that is not the last.
    EXPECT_NE(refusal(bytes({0xA0, 201, 0x00, 0x01, 0, 0, 0, 4, 0x80, 201, 0x00, 0x01, 0, 0, 0, 1})).find("padded"), std::string::npos);
    // Padding count 0, and larger than the packet.
    EXPECT_NE(refusal(bytes({0xA0, 201, 0x00, 0x01, 0, 0, 0, 0})).find("padding"), std::string::npos);
    EXPECT_NE(refusal(bytes({0xA0, 201, 0x00, 0x01, 0, 0, 0, 9})).find("padding"), std::string::npos);
    // Feedback without its two SSRCs, a NACK without FCI, a FIR with half an entry.
    EXPECT_NE(refusal(bytes({0x81, 205, 0x00, 0x01, 0, 0, 0, 1})).find("SSRC"), std::string::npos);
    EXPECT_NE(refusal(bytes({0x81, 206, 0x00, 0x01, 0, 0, 0, 1})).find("SSRC"), std::string::npos);
    EXPECT_NE(refusal(bytes({0x81, 205, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2})).find("NACK"), std::string::npos);
    EXPECT_NE(refusal(bytes({0x84, 206, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2})).find("FIR"), std::string::npos);
    EXPECT_NE(refusal(bytes({0x84, 206, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 0})).find("FIR"), std::string::npos);
    // A malformed packet after a good one refuses the whole datagram.
    EXPECT_NE(refusal(browserReceiverReport() + bytes({0x80, 201, 0x00, 0x05})), "");
}

TEST(Rtcp, RefusesMoreThan32PacketsInOneDatagram) {
    std::string datagram;
    for (int i = 0; i < 33; ++i) appendPictureLossIndication(datagram, 1, 2);
    EXPECT_NE(refusal(datagram).find("32"), std::string::npos);
    datagram.resize(32 * 12);
    EXPECT_TRUE(parseRtcpCompound(datagram));
}

TEST(Rtcp, CapsTheNackedSequencesOfOneDatagram) {
    // 20 NACK packets of 4 full pairs each ask for 20*4*17 = 1360 packets.
    std::string datagram;
    std::vector<std::uint16_t> sequences;
    for (int i = 0; i < 4 * 17; ++i) sequences.push_back(static_cast<std::uint16_t>(i));
    for (int i = 0; i < 20; ++i) appendGenericNack(datagram, 1, 2, sequences);
    ASSERT_LE(datagram.size(), RtcpLimits::maxCompoundSize);
    const auto compound = parseRtcpCompound(datagram);
    ASSERT_TRUE(compound);
    std::size_t total = 0;
    for (const auto& nack : compound->nacks) total += nack.sequences.size();
    EXPECT_EQ(total, RtcpLimits::maxNackedSequences);
}

TEST(Rtcp, WritersRefuseWhatTheyCannotWrite) {
    std::string out;
    EXPECT_THROW(appendGenericNack(out, 1, 2, {}), WebRtcError);
    EXPECT_THROW(appendFullIntraRequest(out, 1, {}), WebRtcError);
    EXPECT_THROW(appendSourceDescription(out, 1, ""), WebRtcError);
    EXPECT_THROW(appendSourceDescription(out, 1, std::string(256, 'x')), WebRtcError);
    SenderReport tooMany;
    tooMany.reports.resize(32);
    EXPECT_THROW(appendSenderReport(out, tooMany), WebRtcError);
}

TEST(Rtcp, TellsRtcpFromRtpOnAMuxedPort) {
    EXPECT_TRUE(looksLikeRtcp(browserReceiverReport()));
    std::string rtp = bytes({0x80, 0xE0, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1});  // PT 96 with marker = 224
    EXPECT_FALSE(looksLikeRtcp(rtp));
    rtp[1] = 111;
    EXPECT_FALSE(looksLikeRtcp(rtp));
    EXPECT_FALSE(looksLikeRtcp(bytes({0x81, 201})));
}

TEST(Rtcp, NtpTimeAndRoundTrip) {
    EXPECT_EQ(ntpTime(std::chrono::system_clock::time_point{}), 2'208'988'800ULL << 32);
    const auto halfSecond = std::chrono::system_clock::time_point{} + std::chrono::milliseconds(500);
    EXPECT_EQ(ntpTime(halfSecond), (2'208'988'800ULL << 32) | 0x80000000ULL);
    EXPECT_EQ(compactNtp(0x0001'2345'6789'0000ULL), 0x23456789u);

    ReportBlock b;
    b.lastSenderReport = 0x00010000;            // we sent the SR at 1 s
    b.delaySinceLastSenderReport = 0x00008000;  // the receiver held it 0.5 s
    const auto rtt = roundTrip(b, 0x00018000 + 0x00000A00);  // it arrived 1.5 s + 39 ms later
    ASSERT_TRUE(rtt);
    EXPECT_EQ(rtt->count(), 39062);
    b.lastSenderReport = 0;
    EXPECT_FALSE(roundTrip(b, 0x00020000));
    b.lastSenderReport = 0x00010000;
    b.delaySinceLastSenderReport = 0x00020000;  // longer than the elapsed time: forged or confused
    EXPECT_FALSE(roundTrip(b, 0x00018000));
}
