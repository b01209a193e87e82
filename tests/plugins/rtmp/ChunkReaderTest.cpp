#include <gtest/gtest.h>

#include "ByteWriter.h"
#include "ChunkReader.h"
#include "ChunkWriter.h"
#include "RtmpError.h"

using namespace sockstream::rtmp;

namespace {

struct Reader {
    RtmpLimits limits;
    ChunkReader reader{limits};
    std::vector<RtmpMessage> messages;
    std::string leftover;

    void feed(const std::string& bytes) {
        leftover += bytes;
        std::size_t offset = 0;
        for (;;) {
            std::optional<RtmpMessage> m;
            auto used = reader.read(reinterpret_cast<const std::uint8_t*>(leftover.data()) + offset,
                                    leftover.size() - offset, m);
            if (used == 0) break;
            offset += used;
            if (m) messages.push_back(*m);
        }
        leftover.erase(0, offset);
    }
};

std::string header0(std::uint8_t basic, std::uint32_t ts, std::uint32_t len, std::uint8_t type, std::uint32_t sid) {
    std::string out;
    ByteWriter w(out);
    w.u8(basic);
    w.u24(ts);
    w.u24(len);
    w.u8(type);
    w.u32le(sid);
    return out;
}

}  // namespace

TEST(ChunkReader, ReadsASingleType0Chunk) {
    Reader r;
    r.feed(header0(0x03, 1000, 3, 20, 0) + "abc");
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_EQ(r.messages[0].chunkStreamId, 3u);
    EXPECT_EQ(r.messages[0].timestamp, 1000u);
    EXPECT_EQ(r.messages[0].type, 20);
    EXPECT_EQ(r.messages[0].payload, "abc");
}

TEST(ChunkReader, ReassemblesType3ContinuationsAndWaitsForWholeChunks) {
    Reader r;
    std::string payload(300, 'x');
    payload[0] = 'a';
    payload[299] = 'z';
    ChunkWriter writer;  // 128-byte chunks
    std::string bytes;
    writer.write(RtmpMessage{4, 9, 1, 40, payload}, bytes);
    for (char c : bytes) r.feed(std::string(1, c));  // one byte at a time
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_EQ(r.messages[0].payload, payload);
    EXPECT_EQ(r.messages[0].streamId, 1u);
}

TEST(ChunkReader, AppliesType1AndType2DeltasAndType3Repeat) {
    Reader r;
    std::string bytes = header0(0x04, 100, 1, 8, 1) + "a";
    ByteWriter w(bytes);
    w.u8(0x44); w.u24(20); w.u24(2); w.u8(8); bytes += "bb";   // type 1: +20, new length
    w.u8(0x84); w.u24(30); bytes += "cc";                      // type 2: +30
    w.u8(0xC4); bytes += "dd";                                 // type 3: +30 again
    r.feed(bytes);
    ASSERT_EQ(r.messages.size(), 4u);
    EXPECT_EQ(r.messages[0].timestamp, 100u);
    EXPECT_EQ(r.messages[1].timestamp, 120u);
    EXPECT_EQ(r.messages[2].timestamp, 150u);
    EXPECT_EQ(r.messages[3].timestamp, 180u);
    EXPECT_EQ(r.messages[3].payload, "dd");
    EXPECT_EQ(r.messages[3].streamId, 1u);
}

TEST(ChunkReader, ReadsExtendedTimestampsIncludingOnContinuations) {
    Reader r;
    std::string payload(200, 'p');
    ChunkWriter writer;
    std::string bytes;
    writer.write(RtmpMessage{6, 9, 1, 0x01234567, payload}, bytes);
    r.feed(bytes);
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_EQ(r.messages[0].timestamp, 0x01234567u);
    EXPECT_EQ(r.messages[0].payload, payload);
}

TEST(ChunkReader, ReadsTwoAndThreeByteChunkStreamIds) {
    Reader r;
    ChunkWriter writer;
    std::string bytes;
    writer.write(RtmpMessage{100, 8, 1, 0, "two"}, bytes);
    writer.write(RtmpMessage{1000, 8, 1, 0, "three"}, bytes);
    r.feed(bytes);
    ASSERT_EQ(r.messages.size(), 2u);
    EXPECT_EQ(r.messages[0].chunkStreamId, 100u);
    EXPECT_EQ(r.messages[1].chunkStreamId, 1000u);
    EXPECT_EQ(r.messages[1].payload, "three");
}

TEST(ChunkReader, HonoursANewChunkSize) {
    Reader r;
    r.reader.setChunkSize(4096);
    ChunkWriter writer;
    writer.setChunkSize(4096);
    std::string payload(5000, 'q'), bytes;
    writer.write(RtmpMessage{5, 9, 1, 0, payload}, bytes);
    r.feed(bytes);
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_EQ(r.messages[0].payload.size(), 5000u);
}

TEST(ChunkReader, RefusesChunkSizesOutsideTheLimits) {
    RtmpLimits limits;
    ChunkReader reader(limits);
    EXPECT_THROW(reader.setChunkSize(127), RtmpError);
    EXPECT_THROW(reader.setChunkSize(65537), RtmpError);
    EXPECT_THROW(reader.setChunkSize(0), RtmpError);
    EXPECT_NO_THROW(reader.setChunkSize(65536));
}

TEST(ChunkReader, AbortDropsThePartialMessage) {
    Reader r;
    std::string payload(200, 'a'), bytes;
    ChunkWriter().write(RtmpMessage{4, 9, 1, 0, payload}, bytes);
    r.feed(bytes.substr(0, 12 + 128));  // first chunk only
    r.reader.abort(4);
    r.feed(header0(0x04, 5, 2, 9, 1) + "ok");
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_EQ(r.messages[0].payload, "ok");
}

TEST(ChunkReader, RefusesOversizedMessagesFromTheHeaderAlone) {
    Reader r;
    EXPECT_THROW(r.feed(header0(0x04, 0, 10u * 1024 * 1024 + 1, 9, 1)), RtmpError);
}

TEST(ChunkReader, RefusesTooManyChunkStreams) {
    Reader r;
    std::string bytes;
    ChunkWriter writer;
    for (std::uint32_t csid = 3; csid < 3 + 33; ++csid) writer.write(RtmpMessage{csid, 9, 1, 0, "x"}, bytes);
    EXPECT_THROW(r.feed(bytes), RtmpError);
    EXPECT_EQ(r.messages.size(), 32u);
}

TEST(ChunkReader, RefusesAChunkStreamThatStartsWithoutType0) {
    Reader r;
    std::string bytes;
    ByteWriter w(bytes);
    w.u8(0x44); w.u24(0); w.u24(1); w.u8(8); bytes += "a";
    EXPECT_THROW(r.feed(bytes), RtmpError);
    Reader r3;
    EXPECT_THROW(r3.feed(std::string("\xC5", 1)), RtmpError);
}

TEST(ChunkReader, RefusesLengthOrTypeChangesMidMessage) {
    Reader r;
    r.feed(header0(0x04, 0, 200, 9, 1) + std::string(128, 'a'));
    std::string change;
    ByteWriter w(change);
    w.u8(0x44); w.u24(0); w.u24(300); w.u8(9);
    EXPECT_THROW(r.feed(change + std::string(128, 'b')), RtmpError);

    Reader t;
    t.feed(header0(0x04, 0, 200, 9, 1) + std::string(128, 'a'));
    EXPECT_THROW(t.feed(header0(0x04, 0, 200, 8, 1) + std::string(72, 'b')), RtmpError);
}

TEST(ChunkReader, IncompleteInputConsumesNothing) {
    RtmpLimits limits;
    ChunkReader reader(limits);
    std::string bytes = header0(0x03, 0, 10, 20, 0) + "12345";
    std::optional<RtmpMessage> m;
    for (std::size_t n = 0; n <= bytes.size(); ++n)
        EXPECT_EQ(reader.read(reinterpret_cast<const std::uint8_t*>(bytes.data()), n, m), 0u) << n;
    EXPECT_EQ(reader.chunkStreamCount(), 0u);
}

TEST(ChunkWriter, SplitsAtTheChunkSizeWithType3Headers) {
    std::string bytes;
    ChunkWriter().write(RtmpMessage{3, 20, 0, 0, std::string(256, 'x')}, bytes);
    ASSERT_EQ(bytes.size(), 12u + 128 + 1 + 128);
    EXPECT_EQ(static_cast<std::uint8_t>(bytes[12 + 128]), 0xC3);
}

TEST(ChunkReader, BoundsTheBytesOfUnfinishedMessagesAcrossChunkStreams) {
    Reader r;
    r.limits.maxPartialBytes = 1000;
    std::string bytes;
    for (std::uint8_t csid = 4; csid < 12; ++csid) bytes += header0(csid, 0, 200, 9, 1) + std::string(128, 'a');
    EXPECT_THROW(r.feed(bytes), RtmpError);

    Reader ok;  // finishing messages releases their bytes
    ok.limits.maxPartialBytes = 1000;
    for (int i = 0; i < 20; ++i) {
        std::string whole;
        ChunkWriter().write(RtmpMessage{4, 9, 1, 0, std::string(600, 'b')}, whole);
        ok.feed(whole);
    }
    EXPECT_EQ(ok.messages.size(), 20u);
}
