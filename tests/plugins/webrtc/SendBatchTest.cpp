// SendBatch: the preallocated, bounded batch media is encrypted into. It hands
// its datagrams on when full and when flushed, never holds more than its
// capacity, and groups what UDP GSO may send as one message.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "SendBatch.h"

using namespace sockstream::webrtc;

namespace {

struct Sent {
    std::vector<std::vector<std::string>> flushes;  ///< the datagrams of each flush, in order
    std::vector<std::uint16_t> ports;
};

SendBatch::Sink collect(Sent& sent) {
    return [&sent](const SendBatch& batch) {
        std::vector<std::string> datagrams;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            datagrams.emplace_back(batch.data(i), batch.entry(i).length);
            sent.ports.push_back(ntohs(batch.entry(i).to.sin_port));
        }
        sent.flushes.push_back(std::move(datagrams));
    };
}

const TransportAddress kViewer = TransportAddress::v4(127, 0, 0, 1, 5000);

void put(SendBatch& batch, const TransportAddress& to, const std::string& bytes) {
    char* slot = batch.open(to);
    std::memcpy(slot, bytes.data(), bytes.size());
    batch.commit(bytes.size());
}

}  // namespace

TEST(SendBatch, HandsItsDatagramsOnWhenFullAndAtTheEndOfATurnAndNeverHoldsMore) {
    Sent sent;
    SendBatch batch(3, collect(sent));
    for (int i = 0; i < 7; ++i) {
        put(batch, kViewer, "packet" + std::to_string(i));
        EXPECT_LE(batch.size(), batch.capacity());
    }
    ASSERT_EQ(sent.flushes.size(), 2u) << "7 datagrams in 3 slots: two full flushes so far";
    EXPECT_EQ(sent.flushes[0], (std::vector<std::string>{"packet0", "packet1", "packet2"}));
    EXPECT_EQ(sent.flushes[1], (std::vector<std::string>{"packet3", "packet4", "packet5"}));
    EXPECT_EQ(batch.size(), 1u);
    batch.flush();
    ASSERT_EQ(sent.flushes.size(), 3u);
    EXPECT_EQ(sent.flushes[2], (std::vector<std::string>{"packet6"}));
    EXPECT_EQ(batch.size(), 0u);
    batch.flush();
    EXPECT_EQ(sent.flushes.size(), 3u) << "an empty batch sends nothing";
    EXPECT_EQ(sent.ports, std::vector<std::uint16_t>(7, 5000));
}

TEST(SendBatch, ASlotNotCommittedIsReusedAndNeverSent) {
    Sent sent;
    SendBatch batch(2, collect(sent));
    char* slot = batch.open(kViewer);
    std::memcpy(slot, "refused", 7);
    batch.commit(0);  // e.g. SRTP refused the packet
    batch.open(kViewer);  // opened, then abandoned without commit()
    put(batch, kViewer, "kept");
    batch.open(kViewer);  // abandoned at the end of the turn
    batch.flush();
    ASSERT_EQ(sent.flushes.size(), 1u);
    EXPECT_EQ(sent.flushes[0], std::vector<std::string>{"kept"});
    char* another = batch.open(kViewer);
    batch.commit(SendBatch::kSlotBytes + 1);  // longer than a slot: dropped, not sent past its end
    (void)another;
    batch.flush();
    EXPECT_EQ(sent.flushes.size(), 1u);
    EXPECT_THROW(SendBatch(0, collect(sent)), std::invalid_argument);
}

TEST(SendBatch, GroupsEqualSizedDatagramsToOneViewerForGso) {
    Sent sent;
    SendBatch batch(16, [](const SendBatch&) {});
    const auto other = TransportAddress::v4(127, 0, 0, 1, 6000);
    // Viewer 1: three full fragments and a short last one; viewer 2: two full,
    // one longer (cannot join: GSO cuts at the first size; it starts a run
    // that a shorter one ends), then a packet of audio; viewer 1 again.
    for (const auto& [to, size] : std::vector<std::pair<TransportAddress, std::size_t>>{
             {kViewer, 1200}, {kViewer, 1200}, {kViewer, 1200}, {kViewer, 700},
             {other, 1200}, {other, 1200}, {other, 1210}, {other, 100}, {other, 100},
             {kViewer, 1200}, {kViewer, 100}, {kViewer, 1200}}) {
        batch.open(to);
        batch.commit(size);
    }
    const auto runs = batch.runs(true, 64, 65000);
    std::vector<std::pair<std::size_t, std::size_t>> shape;  // first, count
    for (const auto& run : runs) shape.emplace_back(run.first, run.count);
    EXPECT_EQ(shape, (std::vector<std::pair<std::size_t, std::size_t>>{
                         {0, 4}, {4, 2}, {6, 2}, {8, 1}, {9, 2}, {11, 1}}));
    EXPECT_EQ(runs[0].segmentSize, 1200u);
    EXPECT_EQ(runs[2].segmentSize, 1210u);
    EXPECT_EQ(runs[3].segmentSize, 100u);

    const auto capped = batch.runs(true, 2, 65000);
    EXPECT_EQ(capped[0].count, 2u) << "at most maxSegments per message";
    EXPECT_EQ(batch.runs(true, 64, 2500)[0].count, 2u) << "at most maxBytes per message";
    EXPECT_EQ(batch.runs(false, 64, 65000).size(), 12u) << "without GSO every datagram is a message";
}

TEST(SendBatch, DatagramsToAnIceTcpPeerGoToTheStreamSinkNeverToTheUdpBatch) {
    Sent sent;
    std::vector<std::pair<std::uint16_t, std::string>> streamed;
    SendBatch batch(4, collect(sent), [&streamed](const TransportAddress& to, std::string_view datagram) {
        EXPECT_TRUE(to.tcp);
        streamed.emplace_back(to.port, std::string(datagram));
    });
    TransportAddress tcpViewer = TransportAddress::v4(127, 0, 0, 1, 5000);  // the same numbers as kViewer
    tcpViewer.tcp = true;
    put(batch, kViewer, "udp0");
    put(batch, tcpViewer, "tcp0");
    put(batch, kViewer, "udp1");
    // An uncommitted TCP slot is not sent; the next open() reuses it.
    batch.open(tcpViewer);
    put(batch, tcpViewer, "tcp1");
    EXPECT_EQ(batch.size(), 2u) << "only the UDP datagrams wait in the batch";
    ASSERT_EQ(streamed.size(), 2u) << "TCP datagrams leave at commit()";
    EXPECT_EQ(streamed[0].second, "tcp0");
    EXPECT_EQ(streamed[1].second, "tcp1");
    batch.flush();
    ASSERT_EQ(sent.flushes.size(), 1u);
    EXPECT_EQ(sent.flushes[0], (std::vector<std::string>{"udp0", "udp1"}));
}

TEST(SendBatch, WithoutAStreamSinkDatagramsToIceTcpPeersAreDropped) {
    Sent sent;
    SendBatch batch(2, collect(sent));
    TransportAddress tcpViewer = kViewer;
    tcpViewer.tcp = true;
    put(batch, tcpViewer, "tcp");
    EXPECT_EQ(batch.size(), 0u);
    batch.flush();
    EXPECT_TRUE(sent.flushes.empty());
}
