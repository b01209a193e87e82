// Real H.264 through both directions: x264 (the ffmpeg CLI, in a temporary
// directory) -> FLV as RTMP would carry it -> H264Packetizer -> RTP with loss
// -> H264Depacketizer -> libavcodec, which must decode every access unit the
// depacketizer gives out without an error.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <H264Depacketizer.h>  // angle brackets: this folder has a test helper of the same name

#include "H264Packetizer.h"
#include "RtpPacket.h"

using namespace sockstream::webrtc;

namespace {

struct Video {
    std::string avcc;
    std::vector<std::pair<std::string, std::int64_t>> accessUnits;  ///< length-prefixed, pts in ms
};

Video makeVideo(int seconds) {
    std::string pattern = (std::filesystem::temp_directory_path() / "h264-round-trip-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    const std::filesystem::path dir = pattern;
    const auto file = dir / "video.flv";
    // Baseline (no B-frames, as WebRTC needs), a keyframe every second, slices large enough for FU-A.
    const std::string command = "ffmpeg -nostdin -v error -y -f lavfi -i testsrc=size=320x240:rate=25 -t " +
                                std::to_string(seconds) + " -pix_fmt yuv420p -c:v libx264 -profile:v baseline -g 25 -bf 0 -f flv '" + file.string() + "'";
    const int status = std::system(command.c_str());
    Video video;
    AVFormatContext* format = nullptr;
    if (status == 0 && avformat_open_input(&format, file.c_str(), nullptr, nullptr) == 0 &&
        avformat_find_stream_info(format, nullptr) >= 0) {
        const auto* parameters = format->streams[0]->codecpar;
        video.avcc.assign(reinterpret_cast<const char*>(parameters->extradata), parameters->extradata_size);
        AVPacket* packet = av_packet_alloc();
        while (av_read_frame(format, packet) >= 0) {
            video.accessUnits.emplace_back(std::string(reinterpret_cast<const char*>(packet->data), packet->size), packet->pts);
            av_packet_unref(packet);
        }
        av_packet_free(&packet);
    }
    avformat_close_input(&format);
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    if (status != 0 || video.accessUnits.empty()) throw std::runtime_error("ffmpeg failed: " + command);
    return video;
}

/// Decodes length-prefixed access units (with the given avcC) and counts the pictures.
int decode(const std::string& avcc, const std::vector<H264AccessUnit>& units, int& errors) {
    const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_H264);
    AVCodecContext* context = avcodec_alloc_context3(codec);
    context->extradata = static_cast<std::uint8_t*>(av_mallocz(avcc.size() + AV_INPUT_BUFFER_PADDING_SIZE));
    std::memcpy(context->extradata, avcc.data(), avcc.size());
    context->extradata_size = static_cast<int>(avcc.size());
    context->err_recognition = AV_EF_EXPLODE;  // a broken stream is an error, not a concealed picture
    avcodec_open2(context, codec, nullptr);
    AVPacket* packet = av_packet_alloc();
    AVFrame* frame = av_frame_alloc();
    int pictures = 0;
    errors = 0;
    const auto drain = [&] {
        while (true) {
            const int received = avcodec_receive_frame(context, frame);
            if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) break;
            if (received < 0) { ++errors; break; }
            if (frame->decode_error_flags) ++errors;
            ++pictures;
            av_frame_unref(frame);
        }
    };
    for (const auto& unit : units) {
        av_new_packet(packet, static_cast<int>(unit.data.size()));
        std::memcpy(packet->data, unit.data.data(), unit.data.size());
        if (avcodec_send_packet(context, packet) < 0) ++errors;
        av_packet_unref(packet);
        drain();
    }
    avcodec_send_packet(context, nullptr);
    drain();
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&context);
    return pictures;
}

}  // namespace

TEST(H264RoundTrip, X264ThroughPacketizerAndDepacketizerDecodesAndALossResumesAtTheNextKeyframe) {
    const Video video = makeVideo(4);  // 100 access units, keyframes at 0, 25, 50, 75
    RtpStreamParameters parameters;
    parameters.payloadType = 102;
    parameters.ssrc = 9;
    parameters.firstSequence = 65000;
    parameters.maxPayloadSize = 500;
    H264Packetizer packetizer(parameters);
    packetizer.setDecoderConfig(video.avcc);
    std::vector<std::string> packets;
    std::size_t firstPacketOf30 = 0;
    for (std::size_t i = 0; i < video.accessUnits.size(); ++i) {
        if (i == 30) firstPacketOf30 = packets.size();
        for (auto& packet : packetizer.packetize(video.accessUnits[i].first, sockstream::MediaTime::fromMilliseconds(video.accessUnits[i].second))) packets.push_back(std::move(packet));
    }
    // One packet of access unit 30 is lost (and never retransmitted).
    packets.erase(packets.begin() + static_cast<std::ptrdiff_t>(firstPacketOf30));

    H264Depacketizer depacketizer;
    std::vector<H264AccessUnit> units;
    for (const auto& datagram : packets) {
        const auto packet = RtpPacket::parse(datagram);
        ASSERT_TRUE(packet);
        for (auto& unit : depacketizer.push(*packet)) units.push_back(std::move(unit));
    }
    for (auto& unit : depacketizer.skipMissing()) units.push_back(std::move(unit));
    // 0..29 arrive, 30..49 are dropped (lost, then waiting for the keyframe at 50), 50..99 arrive.
    ASSERT_EQ(units.size(), 80u);
    EXPECT_TRUE(units[30].keyframe);
    EXPECT_EQ(units[30].rtpTimestamp, static_cast<std::uint32_t>(video.accessUnits[50].second * 90));

    // The SPS/PPS seen in-band make an avcC that decodes the stream as well as x264's own.
    const auto avcc = avcDecoderConfig(depacketizer.sequenceParameterSet(), depacketizer.pictureParameterSet());
    ASSERT_TRUE(avcc);
    int errors = 0;
    EXPECT_EQ(decode(*avcc, units, errors), 80);
    EXPECT_EQ(errors, 0);
}
