// Real VP8 through the WHIP path: libavcodec's libvpx encoder -> RFC 7741
// packets (written here) with a loss -> Vp8Depacketizer -> Vp8ToH264 ->
// libavcodec's H.264 decoder, which must decode every access unit with the
// avcC the publisher would put on the bus, at the VP8 picture size.
#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <string>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/opt.h>
}

#include <H264Depacketizer.h>  // angle brackets: this folder has a test helper of the same name

#include "H264SequenceParameterSet.h"
#include "RtpPacket.h"
#include "Vp8Depacketizer.h"
#include "Vp8TestMedia.h"
#include "Vp8ToH264.h"

using namespace sockstream::webrtc;

namespace {

/// RFC 7741 packets of one frame: X=1, I=1, 15-bit picture ID, at most `chunk` bytes of VP8 each.
struct Packetizer {
    std::deque<std::string> payloads;
    std::uint16_t sequence = 40000;
    int pictureId = 32760;  // wraps past 15 bits during the test

    std::vector<RtpPacket> packetize(const std::string& frame, std::uint32_t timestamp, std::size_t chunk = 300) {
        std::vector<RtpPacket> packets;
        for (std::size_t at = 0; at < frame.size(); at += chunk) {
            std::string payload;
            payload.push_back(static_cast<char>(0x80 | (at == 0 ? 0x10 : 0)));
            payload.push_back(static_cast<char>(0x80));
            payload.push_back(static_cast<char>(0x80 | (pictureId >> 8)));
            payload.push_back(static_cast<char>(pictureId & 0xFF));
            payload += frame.substr(at, chunk);
            payloads.push_back(std::move(payload));
            RtpPacket packet;
            packet.payloadType = 96;
            packet.sequence = sequence++;
            packet.timestamp = timestamp;
            packet.marker = at + chunk >= frame.size();
            packet.payload = payloads.back();
            packets.push_back(packet);
        }
        pictureId = (pictureId + 1) & 0x7FFF;
        return packets;
    }
};

struct Decoded {
    int pictures = 0;
    int errors = 0;
    int width = 0;
    int height = 0;
};

/// Decodes length-prefixed access units with the avcC the publisher builds.
Decoded decodeH264(const std::string& avcc, const std::vector<TranscodedAccessUnit>& units) {
    Decoded result;
    const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_H264);
    AVCodecContext* context = avcodec_alloc_context3(codec);
    context->extradata = static_cast<std::uint8_t*>(av_mallocz(avcc.size() + AV_INPUT_BUFFER_PADDING_SIZE));
    std::memcpy(context->extradata, avcc.data(), avcc.size());
    context->extradata_size = static_cast<int>(avcc.size());
    context->err_recognition = AV_EF_EXPLODE;
    avcodec_open2(context, codec, nullptr);
    AVPacket* packet = av_packet_alloc();
    AVFrame* frame = av_frame_alloc();
    const auto drain = [&] {
        while (true) {
            const int received = avcodec_receive_frame(context, frame);
            if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) break;
            if (received < 0) {
                ++result.errors;
                break;
            }
            if (frame->decode_error_flags) ++result.errors;
            result.width = frame->width;
            result.height = frame->height;
            ++result.pictures;
        }
    };
    for (const auto& unit : units) {
        av_new_packet(packet, static_cast<int>(unit.data.size()));
        std::memcpy(packet->data, unit.data.data(), unit.data.size());
        packet->pts = packet->dts = unit.ticks;
        if (avcodec_send_packet(context, packet) < 0) ++result.errors;
        av_packet_unref(packet);
        drain();
    }
    avcodec_send_packet(context, nullptr);
    drain();
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&context);
    return result;
}

/// Every access unit decodes, with the avcC the publisher builds from the transcoder's SPS/PPS, at this size.
void expectDecodes(const Vp8ToH264& transcoder, const std::vector<TranscodedAccessUnit>& units, int width, int height) {
    const auto avcc = avcDecoderConfig(transcoder.sequenceParameterSet(), transcoder.pictureParameterSet());
    ASSERT_TRUE(avcc);
    const Decoded decoded = decodeH264(*avcc, units);
    EXPECT_EQ(decoded.errors, 0);
    EXPECT_EQ(decoded.pictures, static_cast<int>(units.size()));
    EXPECT_EQ(decoded.width, width);
    EXPECT_EQ(decoded.height, height);
}

}  // namespace

TEST(Vp8RoundTrip, VP8FromRtpBecomesDecodableH264WithIdrsAtVp8Keyframes) {
    const auto vp8 = encodeVp8(320, 240, 40, 20);
    ASSERT_EQ(vp8.size(), 40u) << "libavcodec's libvpx encoder is needed (Debian's FFmpeg has it)";
    ASSERT_TRUE(vp8[0].keyframe);
    ASSERT_TRUE(vp8[20].keyframe);

    Packetizer packetizer;
    Vp8Depacketizer depacketizer;
    Vp8ToH264::Options options;
    options.maxKeyframeInterval = std::chrono::seconds(10);  // only the VP8 keyframes make IDRs here
    Vp8ToH264 transcoder(options);
    std::vector<TranscodedAccessUnit> units;
    std::vector<int> idrFrames;  // which VP8 frame each IDR came from
    std::uint32_t timestamp = 4'294'900'000u;  // wraps during the test
    int lostFrame = -1;
    for (std::size_t i = 0; i < vp8.size(); ++i, timestamp += 3000) {
        auto packets = packetizer.packetize(vp8[i].data, timestamp, 100);
        // Frame 10 loses its first packet: frames 10..19 cannot be decoded.
        if (i == 10) {
            ASSERT_GT(packets.size(), 1u);
            packets.erase(packets.begin());
            lostFrame = static_cast<int>(i);
        }
        std::vector<Vp8Frame> frames;
        for (const auto& packet : packets)
            for (auto& frame : depacketizer.push(packet)) frames.push_back(std::move(frame));
        if (i == 10) {
            // What the publisher does when the retransmission does not come.
            EXPECT_EQ(depacketizer.missingSequences().size(), 1u);
            for (auto& frame : depacketizer.skipMissing()) frames.push_back(std::move(frame));
            EXPECT_TRUE(depacketizer.wantsKeyframe());
        }
        for (auto& frame : frames) {
            EXPECT_EQ(frame.keyframe, frame.data == vp8[i].data && vp8[i].keyframe);
            for (auto& unit : transcoder.push(frame.data, static_cast<std::int64_t>(i) * 3000, frame.keyframe)) {
                if (unit.keyframe) idrFrames.push_back(static_cast<int>(i));
                units.push_back(std::move(unit));
            }
        }
    }
    ASSERT_EQ(lostFrame, 10);
    EXPECT_EQ(depacketizer.droppedFrames(), 10u);  // the lost frame and those after it until the keyframe
    EXPECT_EQ(transcoder.rejectedFrames(), 0u);
    ASSERT_EQ(units.size(), 30u);
    EXPECT_TRUE(units.front().keyframe);
    EXPECT_EQ(idrFrames, (std::vector<int>{0, 20}));
    for (std::size_t i = 1; i < units.size(); ++i) EXPECT_GT(units[i].ticks, units[i - 1].ticks);

    const auto sps = parseH264SequenceParameterSet(transcoder.sequenceParameterSet());
    ASSERT_TRUE(sps);
    EXPECT_EQ(sps->width, 320);
    EXPECT_EQ(sps->height, 240);
    expectDecodes(transcoder, units, 320, 240);
}

TEST(Vp8RoundTrip, AnIdrAtLeastEveryKeyframeInterval) {
    const auto vp8 = encodeVp8(160, 120, 30, 1000);  // one VP8 keyframe only
    ASSERT_EQ(vp8.size(), 30u);
    Vp8ToH264::Options options;
    options.maxKeyframeInterval = std::chrono::milliseconds(300);  // 9 frames at 30 fps
    Vp8ToH264 transcoder(options);
    std::vector<int> idrFrames;
    for (std::size_t i = 0; i < vp8.size(); ++i)
        for (auto& unit : transcoder.push(vp8[i].data, static_cast<std::int64_t>(i) * 3000, vp8[i].keyframe))
            if (unit.keyframe) idrFrames.push_back(static_cast<int>(i));
    EXPECT_EQ(idrFrames, (std::vector<int>{0, 9, 18, 27}));
}

TEST(Vp8RoundTrip, APictureSizeChangeReopensTheEncoderWithNewParameterSets) {
    auto vp8 = encodeVp8(320, 240, 5, 100);
    const auto smaller = encodeVp8(160, 96, 5, 100);
    ASSERT_EQ(vp8.size(), 5u);
    ASSERT_EQ(smaller.size(), 5u);
    vp8.insert(vp8.end(), smaller.begin(), smaller.end());
    Vp8ToH264 transcoder;
    std::vector<TranscodedAccessUnit> first, second;
    std::string firstSps;
    for (std::size_t i = 0; i < vp8.size(); ++i) {
        for (auto& unit : transcoder.push(vp8[i].data, static_cast<std::int64_t>(i) * 3000, vp8[i].keyframe))
            (i < 5 ? first : second).push_back(std::move(unit));
        if (i == 4) firstSps = transcoder.sequenceParameterSet();
    }
    ASSERT_EQ(second.size(), 5u);
    EXPECT_TRUE(second.front().keyframe);
    EXPECT_NE(transcoder.sequenceParameterSet(), firstSps);
    EXPECT_EQ(transcoder.width(), 160);
    EXPECT_EQ(transcoder.height(), 96);
    expectDecodes(transcoder, second, 160, 96);
}

TEST(Vp8ToH264, ARejectedFrameIsSkippedAndTheNextPictureIsAnIdr) {
    const auto vp8 = encodeVp8(160, 120, 6, 1000);
    ASSERT_EQ(vp8.size(), 6u);
    Vp8ToH264 transcoder;
    ASSERT_EQ(transcoder.push(vp8[0].data, 0, true).size(), 1u);
    ASSERT_EQ(transcoder.push(vp8[1].data, 3000, false).size(), 1u);
    // Garbage where a keyframe's header should be.
    const std::string junk("\x00\x00\x00\x9d\x01\x2a\xff\xff\xff\xff", 10);
    EXPECT_TRUE(transcoder.push(junk, 6000, true).empty());
    EXPECT_EQ(transcoder.rejectedFrames(), 1u);
    const auto next = transcoder.push(vp8[2].data, 9000, false);
    ASSERT_EQ(next.size(), 1u);
    EXPECT_TRUE(next[0].keyframe);
}
