// RFC 7741 depacketizing: frames from S=1/PID=0 to the marker, keyframes from
// the P bit, and every malformed or lost packet losing its frame until the
// next keyframe.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "RtpPacket.h"
#include "Vp8Depacketizer.h"

using namespace sockstream::webrtc;

namespace {

/// A VP8 keyframe's first bytes (RFC 6386 9.1): frame tag with P=0, start code, 320x240.
std::string keyframeBytes(std::size_t size = 40) {
    std::string frame("\x10\x02\x00\x9d\x01\x2a\x40\x01\xf0\x00", 10);
    frame.resize(size, '\x55');
    return frame;
}
/// An interframe: P=1.
std::string interframeBytes(std::size_t size = 30) {
    std::string frame("\x31\x01\x00", 3);
    frame.resize(size, '\x66');
    return frame;
}

/// A payload descriptor with X=1, I=1 and a 15-bit picture ID.
std::string descriptor(bool start, int pictureId, int partition = 0) {
    std::string out;
    out.push_back(static_cast<char>(0x80 | (start ? 0x10 : 0) | partition));
    out.push_back(static_cast<char>(0x80));
    out.push_back(static_cast<char>(0x80 | ((pictureId >> 8) & 0x7F)));
    out.push_back(static_cast<char>(pictureId & 0xFF));
    return out;
}

struct Stream {
    std::deque<std::string> payloads;  // kept alive (and in place) for the packets' views
    std::uint16_t sequence = 100;

    RtpPacket packet(const std::string& payload, std::uint32_t timestamp, bool marker, std::uint16_t seq) {
        payloads.push_back(payload);
        RtpPacket p;
        p.payloadType = 96;
        p.sequence = seq;
        p.timestamp = timestamp;
        p.marker = marker;
        p.payload = payloads.back();
        return p;
    }
    /// A frame split into packets of `chunk` bytes.
    std::vector<RtpPacket> frame(const std::string& bytes, std::uint32_t timestamp, int pictureId, std::size_t chunk = 16) {
        std::vector<RtpPacket> out;
        for (std::size_t at = 0; at < bytes.size(); at += chunk) {
            const bool last = at + chunk >= bytes.size();
            out.push_back(packet(descriptor(at == 0, pictureId) + bytes.substr(at, chunk), timestamp, last, sequence++));
        }
        return out;
    }
};

std::vector<Vp8Frame> pushAll(Vp8Depacketizer& depacketizer, const std::vector<RtpPacket>& packets) {
    std::vector<Vp8Frame> frames;
    for (const auto& p : packets)
        for (auto& f : depacketizer.push(p)) frames.push_back(std::move(f));
    return frames;
}

}  // namespace

TEST(Vp8PayloadDescriptor, ReadsEveryExtensionField) {
    // X, N, S, PID=0; I L T K; 15-bit picture ID 0x1234; TL0PICIDX; TID/Y/KEYIDX; then VP8 data.
    const std::string payload("\xB0\xF0\x92\x34\x07\x40\xAA", 7);
    const auto d = parseVp8PayloadDescriptor(payload);
    ASSERT_TRUE(d);
    EXPECT_TRUE(d->nonReference);
    EXPECT_TRUE(d->startOfPartition);
    EXPECT_EQ(d->partitionIndex, 0);
    EXPECT_EQ(d->pictureId, 0x1234);
    EXPECT_EQ(d->size, 6u);
}

TEST(Vp8PayloadDescriptor, SevenBitPictureIdAndNoExtension) {
    const auto seven = parseVp8PayloadDescriptor(std::string("\x90\x80\x05\xAA", 4));
    ASSERT_TRUE(seven);
    EXPECT_EQ(seven->pictureId, 5);
    EXPECT_EQ(seven->size, 3u);
    const auto plain = parseVp8PayloadDescriptor(std::string("\x13\xAA", 2));
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->pictureId);
    EXPECT_EQ(plain->partitionIndex, 3);
    EXPECT_EQ(plain->size, 1u);
}

TEST(Vp8PayloadDescriptor, RefusesTruncatedDescriptors) {
    for (const std::string& payload : {std::string(), std::string("\x90", 1), std::string("\x90\x80", 2),
                                      std::string("\x90\x80\x92", 3), std::string("\x90\x80\x92\x34", 4),
                                      std::string("\x90\x40\x01", 3), std::string("\x10", 1)})
        EXPECT_FALSE(parseVp8PayloadDescriptor(payload)) << payload.size();
}

TEST(Vp8Depacketizer, AssemblesFramesAndFindsKeyframes) {
    Stream stream;
    Vp8Depacketizer depacketizer;
    auto packets = stream.frame(keyframeBytes(), 3000, 1);
    for (const auto& p : stream.frame(interframeBytes(), 6000, 2)) packets.push_back(p);
    const auto frames = pushAll(depacketizer, packets);
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_TRUE(frames[0].keyframe);
    EXPECT_EQ(frames[0].data, keyframeBytes());
    EXPECT_EQ(frames[0].width, 320);
    EXPECT_EQ(frames[0].height, 240);
    EXPECT_EQ(frames[0].rtpTimestamp, 3000u);
    EXPECT_FALSE(frames[1].keyframe);
    EXPECT_EQ(frames[1].data, interframeBytes());
    EXPECT_FALSE(depacketizer.wantsKeyframe());
}

TEST(Vp8Depacketizer, DropsInterframesUntilTheFirstKeyframe) {
    Stream stream;
    Vp8Depacketizer depacketizer;
    EXPECT_TRUE(pushAll(depacketizer, stream.frame(interframeBytes(), 3000, 1)).empty());
    EXPECT_TRUE(depacketizer.wantsKeyframe());
    EXPECT_EQ(pushAll(depacketizer, stream.frame(keyframeBytes(), 6000, 2)).size(), 1u);
}

TEST(Vp8Depacketizer, PutsReorderedPacketsBackInOrder) {
    Stream stream;
    Vp8Depacketizer depacketizer;
    auto packets = stream.frame(keyframeBytes(64), 3000, 1);
    ASSERT_EQ(packets.size(), 4u);
    std::swap(packets[1], packets[2]);
    const auto frames = pushAll(depacketizer, packets);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].data, keyframeBytes(64));
}

TEST(Vp8Depacketizer, ALostPacketLosesTheFrameAndWaitsForAKeyframe) {
    Stream stream;
    Vp8Depacketizer depacketizer;
    ASSERT_EQ(pushAll(depacketizer, stream.frame(keyframeBytes(), 3000, 1)).size(), 1u);
    auto broken = stream.frame(interframeBytes(48), 6000, 2);
    broken.erase(broken.begin() + 1);
    EXPECT_TRUE(pushAll(depacketizer, broken).empty());
    EXPECT_EQ(depacketizer.missingSequences().size(), 1u);
    EXPECT_TRUE(depacketizer.skipMissing().empty());
    EXPECT_TRUE(depacketizer.wantsKeyframe());
    // The next interframe references the lost one: dropped too.
    EXPECT_TRUE(pushAll(depacketizer, stream.frame(interframeBytes(), 9000, 3)).empty());
    const auto frames = pushAll(depacketizer, stream.frame(keyframeBytes(), 12000, 4));
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_TRUE(frames[0].keyframe);
    EXPECT_FALSE(depacketizer.wantsKeyframe());
    EXPECT_GE(depacketizer.droppedFrames(), 2u);
}

TEST(Vp8Depacketizer, ALostFirstPacketLosesTheFrame) {
    Stream stream;
    Vp8Depacketizer depacketizer;
    ASSERT_EQ(pushAll(depacketizer, stream.frame(keyframeBytes(), 3000, 1)).size(), 1u);
    auto frame = stream.frame(interframeBytes(48), 6000, 2);
    // The start never came; the window is small enough for the loss to show at once.
    std::vector<Vp8Frame> out;
    for (std::size_t i = 1; i < frame.size(); ++i)
        for (auto& f : depacketizer.push(frame[i])) out.push_back(std::move(f));
    for (auto& f : depacketizer.skipMissing()) out.push_back(std::move(f));
    EXPECT_TRUE(out.empty());
    EXPECT_TRUE(depacketizer.wantsKeyframe());
}

TEST(Vp8Depacketizer, AMissingMarkerEndsTheFrameAsBroken) {
    Stream stream;
    Vp8Depacketizer depacketizer;
    ASSERT_EQ(pushAll(depacketizer, stream.frame(keyframeBytes(), 3000, 1)).size(), 1u);
    auto frame = stream.frame(interframeBytes(), 6000, 2);
    frame.back().marker = false;
    EXPECT_TRUE(pushAll(depacketizer, frame).empty());
    // The next frame's timestamp closes it; it was incomplete as far as we know.
    EXPECT_TRUE(pushAll(depacketizer, stream.frame(interframeBytes(), 9000, 3)).empty());
    EXPECT_TRUE(depacketizer.wantsKeyframe());
}

TEST(Vp8Depacketizer, RefusesMalformedFrames) {
    Vp8Depacketizer depacketizer;
    Stream stream;
    ASSERT_EQ(pushAll(depacketizer, stream.frame(keyframeBytes(), 3000, 1)).size(), 1u);
    std::uint32_t timestamp = 6000;
    const auto expectLost = [&](std::vector<RtpPacket> packets, const char* what) {
        EXPECT_TRUE(pushAll(depacketizer, packets).empty()) << what;
        EXPECT_TRUE(depacketizer.wantsKeyframe()) << what;
        // A keyframe starts over.
        EXPECT_EQ(pushAll(depacketizer, stream.frame(keyframeBytes(), timestamp + 1500, 9)).size(), 1u) << what;
        timestamp += 3000;
    };
    // Two starts in one frame.
    {
        auto packets = stream.frame(interframeBytes(32), timestamp, 2);
        packets[1] = stream.packet(descriptor(true, 2) + "xx", timestamp, true, packets[1].sequence);
        expectLost(packets, "two starts");
    }
    // A picture ID that changes inside the frame.
    {
        auto packets = stream.frame(interframeBytes(32), timestamp, 3);
        packets[1] = stream.packet(descriptor(false, 4) + "xx", timestamp, true, packets[1].sequence);
        expectLost(packets, "picture id changes");
    }
    // A descriptor without VP8 data.
    expectLost({stream.packet(std::string("\x90\x80", 2), timestamp, true, stream.sequence++)}, "descriptor only");
    // A keyframe without the start code.
    {
        std::string bad = keyframeBytes();
        bad[3] = 0;
        expectLost(stream.frame(bad, timestamp, 5), "no start code");
    }
    // A keyframe of 0x0 pixels.
    {
        std::string bad = keyframeBytes();
        bad[6] = bad[7] = bad[8] = bad[9] = 0;
        expectLost(stream.frame(bad, timestamp, 6), "no size");
    }
    // A frame starting in partition 1.
    expectLost({stream.packet(descriptor(true, 7, 1) + interframeBytes(), timestamp, true, stream.sequence++)},
               "starts in partition 1");
}

TEST(Vp8Depacketizer, KeepsFramesWithinTheLimits) {
    Vp8Depacketizer::Limits limits;
    limits.maxFrameSize = 64;
    limits.maxPacketsPerFrame = 3;
    Vp8Depacketizer depacketizer(limits);
    Stream stream;
    EXPECT_TRUE(pushAll(depacketizer, stream.frame(keyframeBytes(65), 3000, 1, 40)).empty());  // too large
    EXPECT_TRUE(pushAll(depacketizer, stream.frame(keyframeBytes(64), 6000, 2, 16)).empty());  // 4 packets
    EXPECT_EQ(pushAll(depacketizer, stream.frame(keyframeBytes(48), 9000, 3, 16)).size(), 1u);
}

TEST(Vp8Depacketizer, SurvivesSequenceWrapAndIgnoresDuplicatesAndPadding) {
    Stream stream;
    stream.sequence = 65534;
    Vp8Depacketizer depacketizer;
    auto packets = stream.frame(keyframeBytes(64), 3000, 1);
    packets.insert(packets.begin() + 2, packets[1]);  // a duplicate
    auto padding = stream.packet("", 3000, false, 1000);
    padding.payload = {};
    EXPECT_TRUE(depacketizer.push(padding).empty());
    const auto frames = pushAll(depacketizer, packets);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].data, keyframeBytes(64));
}

TEST(Vp8Depacketizer, AJumpFarAheadLosesWhatLayBetween) {
    Vp8Depacketizer::Limits limits;
    limits.reorderWindow = 8;
    Vp8Depacketizer depacketizer(limits);
    Stream stream;
    ASSERT_EQ(pushAll(depacketizer, stream.frame(keyframeBytes(), 3000, 1)).size(), 1u);
    stream.sequence += 1000;
    EXPECT_TRUE(pushAll(depacketizer, stream.frame(interframeBytes(), 6000, 2)).empty());
    EXPECT_TRUE(depacketizer.wantsKeyframe());
    EXPECT_EQ(pushAll(depacketizer, stream.frame(keyframeBytes(), 9000, 3)).size(), 1u);
    EXPECT_TRUE(depacketizer.missingSequences().empty());
}
