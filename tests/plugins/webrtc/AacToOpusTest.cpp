// AAC to Opus, once per stream: AAC made by ffmpeg in a temporary directory and
// read from FLV (millisecond timestamps, as RTMP gives them) is transcoded, the
// Opus is decoded back with libavcodec, and its duration, 48 kHz timeline,
// pitch, loudness and sample alignment are checked.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "AacToOpus.h"
#include "OpusPacketizer.h"
#include "TranscodeError.h"

using namespace sockstream;
using namespace sockstream::webrtc;

namespace {

/// A private directory under the system's temporary one, removed with its contents.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "aac-to-opus-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        _path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(_path, ignored);
    }
    const std::filesystem::path& path() const { return _path; }

private:
    std::filesystem::path _path;
};

struct AacPacket {
    std::string data;
    MediaTime pts;
};
struct AacStream {
    std::string audioSpecificConfig;
    int sampleRate = 0;
    std::vector<AacPacket> packets;
};

/// Encodes `source` (an lavfi audio graph) to AAC in FLV with the ffmpeg CLI, then demuxes it.
AacStream makeAac(const TempDir& dir, const std::string& source, double seconds, int rate, int channels) {
    const auto file = dir.path() / "audio.flv";
    const std::string command = "ffmpeg -nostdin -v error -y -f lavfi -i '" + source + "' -t " + std::to_string(seconds) +
                                " -ar " + std::to_string(rate) + " -ac " + std::to_string(channels) +
                                " -c:a aac -b:a 128k -f flv '" + file.string() + "'";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("ffmpeg failed: " + command);

    AVFormatContext* format = nullptr;
    if (avformat_open_input(&format, file.c_str(), nullptr, nullptr) < 0) throw std::runtime_error("cannot open the FLV");
    AacStream out;
    if (avformat_find_stream_info(format, nullptr) < 0 || format->nb_streams != 1) throw std::runtime_error("bad FLV");
    const AVStream* stream = format->streams[0];
    out.audioSpecificConfig.assign(reinterpret_cast<const char*>(stream->codecpar->extradata), stream->codecpar->extradata_size);
    out.sampleRate = stream->codecpar->sample_rate;
    AVPacket* packet = av_packet_alloc();
    while (av_read_frame(format, packet) >= 0) {
        // FLV counts milliseconds, as RTMP does.
        EXPECT_EQ(stream->time_base.num, 1);
        EXPECT_EQ(stream->time_base.den, 1000);
        out.packets.push_back({std::string(reinterpret_cast<const char*>(packet->data), packet->size),
                               MediaTime::fromMilliseconds(packet->pts)});
        av_packet_unref(packet);
    }
    av_packet_free(&packet);
    avformat_close_input(&format);
    return out;
}

struct Decoded {
    std::vector<std::int64_t> pts;  ///< per packet, 48 kHz
    std::vector<int> samples;       ///< per packet
    std::vector<float> left;        ///< every decoded sample of the first channel
    std::vector<std::int64_t> sampleTime;  ///< 48 kHz time of each sample in `left`
    int channels = 0;
};

/// Decodes Opus packets with libavcodec's own decoder, as a receiver without pre-skip does.
Decoded decodeOpus(const std::vector<OpusFrame>& frames) {
    const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_OPUS);
    AVCodecContext* context = avcodec_alloc_context3(codec);
    context->sample_rate = 48000;
    av_channel_layout_default(&context->ch_layout, 2);
    if (avcodec_open2(context, codec, nullptr) < 0) throw std::runtime_error("cannot open the Opus decoder");
    AVPacket* packet = av_packet_alloc();
    AVFrame* frame = av_frame_alloc();
    Decoded out;
    for (const auto& opus : frames) {
        av_new_packet(packet, static_cast<int>(opus.data.size()));
        std::memcpy(packet->data, opus.data.data(), opus.data.size());
        EXPECT_GE(avcodec_send_packet(context, packet), 0);
        av_packet_unref(packet);
        int produced = 0;
        while (avcodec_receive_frame(context, frame) >= 0) {
            out.channels = frame->ch_layout.nb_channels;
            EXPECT_EQ(frame->format, AV_SAMPLE_FMT_FLTP);
            const auto* left = reinterpret_cast<const float*>(frame->extended_data[0]);
            for (int i = 0; i < frame->nb_samples; ++i) {
                out.left.push_back(left[i]);
                out.sampleTime.push_back(opus.pts.ticks + produced + i);
            }
            produced += frame->nb_samples;
            av_frame_unref(frame);
        }
        out.pts.push_back(opus.pts.ticks);
        out.samples.push_back(produced);
    }
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&context);
    return out;
}

/// Decodes the AAC input itself: each sample's time from its packet's millisecond timestamp.
std::vector<std::pair<double, float>> decodeAac(const AacStream& stream) {
    const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_AAC);
    AVCodecContext* context = avcodec_alloc_context3(codec);
    context->extradata = static_cast<std::uint8_t*>(av_mallocz(stream.audioSpecificConfig.size() + AV_INPUT_BUFFER_PADDING_SIZE));
    std::memcpy(context->extradata, stream.audioSpecificConfig.data(), stream.audioSpecificConfig.size());
    context->extradata_size = static_cast<int>(stream.audioSpecificConfig.size());
    avcodec_open2(context, codec, nullptr);
    AVPacket* packet = av_packet_alloc();
    AVFrame* frame = av_frame_alloc();
    std::vector<std::pair<double, float>> out;
    for (const auto& aac : stream.packets) {
        av_new_packet(packet, static_cast<int>(aac.data.size()));
        std::memcpy(packet->data, aac.data.data(), aac.data.size());
        avcodec_send_packet(context, packet);
        av_packet_unref(packet);
        while (avcodec_receive_frame(context, frame) >= 0) {
            const auto* left = reinterpret_cast<const float*>(frame->extended_data[0]);
            for (int i = 0; i < frame->nb_samples; ++i)
                out.emplace_back(aac.pts.ticks / 1000.0 + static_cast<double>(i) / frame->sample_rate, left[i]);
            av_frame_unref(frame);
        }
    }
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&context);
    return out;
}

std::vector<OpusFrame> transcode(AacToOpus& transcoder, const std::vector<AacPacket>& packets) {
    std::vector<OpusFrame> out;
    for (const auto& packet : packets)
        for (auto& frame : transcoder.push(packet.data, packet.pts)) out.push_back(std::move(frame));
    for (auto& frame : transcoder.flush()) out.push_back(std::move(frame));
    return out;
}

double rms(const std::vector<float>& samples, std::size_t from, std::size_t to) {
    double sum = 0;
    for (std::size_t i = from; i < to; ++i) sum += double(samples[i]) * samples[i];
    return std::sqrt(sum / double(to - from));
}

/// Rising zero crossings per second: the tone's frequency.
double frequency(const std::vector<float>& samples, std::size_t from, std::size_t to) {
    int crossings = 0;
    for (std::size_t i = from + 1; i < to; ++i)
        if (samples[i - 1] < 0 && samples[i] >= 0) ++crossings;
    return crossings * 48000.0 / double(to - from);
}

constexpr std::int64_t kOpusLookahead = 312;  // libopus at 48 kHz, application "audio"

}  // namespace

TEST(AacToOpus, Transcodes44kHzAacTo20msOpusOnAnExact48kHzTimelineWithoutDrift) {
    TempDir dir;
    const auto input = makeAac(dir, "sine=frequency=440:sample_rate=44100", 30, 44100, 2);
    ASSERT_EQ(input.sampleRate, 44100);
    ASSERT_GT(input.packets.size(), 1000u);
    AacToOpus transcoder(input.audioSpecificConfig);
    const auto frames = transcode(transcoder, input.packets);
    EXPECT_EQ(transcoder.droppedFrames(), 0u);
    EXPECT_EQ(transcoder.resyncs(), 0u);

    // One continuous run: every packet 960 samples after the one before, the
    // first at the first input time (on 48 kHz) less the encoder's lookahead.
    ASSERT_GT(frames.size(), 1400u);
    EXPECT_EQ(frames.front().pts.rate, 48000);
    EXPECT_EQ(frames.front().pts.ticks, input.packets.front().pts.nearestAt(48000) - kOpusLookahead);
    for (std::size_t i = 0; i < frames.size(); ++i) {
        ASSERT_EQ(frames[i].samples, 960) << i;
        if (i > 0) {
            ASSERT_EQ(frames[i].pts.ticks, frames[i - 1].pts.ticks + 960) << i;
        }
    }
    // No drift after 30 s of millisecond-rounded input: the audio (the last
    // packet is the encoder's drained lookahead, 312 samples before its end)
    // ends where the input's last frame ends, padded to a whole frame; the
    // millisecond rounding of that last timestamp is worth up to 48 samples.
    const std::int64_t inputEnd = input.packets.back().pts.nearestAt(48000) + 1024 * 48000 / 44100;
    const std::int64_t audioEnd = frames.back().pts.ticks + kOpusLookahead;
    EXPECT_GE(audioEnd, inputEnd - 48);
    EXPECT_LE(audioEnd, inputEnd + 960 + 48);

    // Decoded back: as long as the input (plus lookahead and padding), a 440 Hz tone.
    const auto decoded = decodeOpus(frames);
    EXPECT_EQ(decoded.channels, 2);
    EXPECT_EQ(decoded.left.size(), frames.size() * 960);
    const double inputSeconds = double(input.packets.size()) * 1024 / 44100;
    EXPECT_GE(double(decoded.left.size()) / 48000.0, inputSeconds);
    EXPECT_LE(double(decoded.left.size()) / 48000.0, inputSeconds + 0.050);
    const std::size_t middle = decoded.left.size() / 2;
    EXPECT_GT(rms(decoded.left, middle, middle + 48000), 0.06);  // lavfi's sine: amplitude 1/8, RMS 0.088
    EXPECT_NEAR(frequency(decoded.left, middle, middle + 5 * 48000), 440.0, 2.0);
}

TEST(AacToOpus, PlaysEveryInputSampleAtItsOwnTime) {
    // Silence, then a 1 kHz tone from exactly 1.5 s: the onset must land at the
    // same time in the AAC input and in the decoded Opus (RTP time = packet pts + sample index).
    TempDir dir;
    const auto input = makeAac(dir, "aevalsrc=if(gte(t\\,1.5)\\,0.5*sin(2*PI*1000*t)\\,0):s=44100", 3, 44100, 1);
    AacToOpus transcoder(input.audioSpecificConfig);
    const auto decoded = decodeOpus(transcode(transcoder, input.packets));

    double aacOnset = -1;
    for (const auto& [time, sample] : decodeAac(input))
        if (std::fabs(sample) > 0.1) { aacOnset = time; break; }
    double opusOnset = -1;
    for (std::size_t i = 0; i < decoded.left.size(); ++i)
        if (std::fabs(decoded.left[i]) > 0.1) { opusOnset = decoded.sampleTime[i] / 48000.0; break; }
    ASSERT_GT(aacOnset, 1.0);
    ASSERT_GT(opusOnset, 1.0);
    EXPECT_NEAR(opusOnset, aacOnset, 0.002) << "AAC onset " << aacOnset << " s, Opus onset " << opusOnset << " s";
}

TEST(AacToOpus, StartsANewRunAfterATimeJumpAndThePacketizerMarksIt) {
    TempDir dir;
    auto input = makeAac(dir, "sine=frequency=440:sample_rate=48000", 6, 48000, 1);
    // The encoder lost a second of audio: frames from 2 s to 3 s never arrive.
    std::vector<AacPacket> packets;
    for (const auto& packet : input.packets)
        if (packet.pts.ticks < 2000 || packet.pts.ticks >= 3000) packets.push_back(packet);
    const MediaTime afterGap = [&] {
        for (const auto& packet : packets) if (packet.pts.ticks >= 3000) return packet.pts;
        return MediaTime{};
    }();
    AacToOpus transcoder(input.audioSpecificConfig);
    const auto frames = transcode(transcoder, packets);
    EXPECT_EQ(transcoder.resyncs(), 1u);

    RtpStreamParameters parameters;
    parameters.payloadType = 111;
    OpusPacketizer packetizer(parameters);
    std::vector<std::size_t> marked;
    std::vector<std::size_t> jumps;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const std::string packet = packetizer.packetize(frames[i].data, frames[i].pts);
        if (static_cast<unsigned char>(packet[1]) & 0x80) marked.push_back(i);
        if (i > 0 && frames[i].pts.ticks != frames[i - 1].pts.ticks + 960) jumps.push_back(i);
    }
    ASSERT_EQ(jumps.size(), 1u);
    EXPECT_EQ(marked, (std::vector<std::size_t>{0, jumps[0]}));
    // The new run starts at the input's time after the gap, exactly.
    EXPECT_EQ(frames[jumps[0]].pts.ticks, afterGap.nearestAt(48000) - kOpusLookahead);
}

TEST(AacToOpus, MixesMonoToTheConfiguredChannels) {
    TempDir dir;
    const auto input = makeAac(dir, "sine=frequency=1000:sample_rate=48000", 2, 48000, 1);
    AacToOpus::Options options;
    options.channels = 1;
    options.bitrate = 32000;
    AacToOpus mono(input.audioSpecificConfig, options);
    const auto frames = transcode(mono, input.packets);
    ASSERT_FALSE(frames.empty());
    // TOC byte bit 2 is the stereo flag (RFC 6716 3.1).
    for (const auto& frame : frames) ASSERT_EQ(static_cast<unsigned char>(frame.data[0]) & 0x4, 0);
    AacToOpus stereo(input.audioSpecificConfig);
    const auto stereoFrames = transcode(stereo, input.packets);
    const auto decoded = decodeOpus(stereoFrames);
    EXPECT_GT(rms(decoded.left, 24000, 72000), 0.06);
    EXPECT_NEAR(frequency(decoded.left, 24000, 72000), 1000.0, 5.0);
}

TEST(AacToOpus, DropsFramesItCannotDecodeAndKeepsGoing) {
    TempDir dir;
    const auto input = makeAac(dir, "sine=frequency=440:sample_rate=44100", 1, 44100, 2);
    AacToOpus transcoder(input.audioSpecificConfig);
    std::size_t produced = 0;
    for (std::size_t i = 0; i < input.packets.size(); ++i) {
        if (i == 10) {
            EXPECT_TRUE(transcoder.push(std::string(70 * 1024, '\x21'), input.packets[i].pts).empty());  // over the limit
            EXPECT_TRUE(transcoder.push("", input.packets[i].pts).empty());
            (void)transcoder.push(std::string(300, '\xff'), input.packets[i].pts);  // garbage: refused or decoded, never fatal
        }
        produced += transcoder.push(input.packets[i].data, input.packets[i].pts).size();
    }
    EXPECT_GE(transcoder.droppedFrames(), 2u);
    EXPECT_GT(produced, 40u);
    (void)transcoder.flush();
    EXPECT_THROW(transcoder.push(input.packets[0].data, input.packets[0].pts), TranscodeError);
}

TEST(AacToOpus, RefusesAMalformedConfigAndImpossibleOptions) {
    EXPECT_THROW(AacToOpus(std::string()), TranscodeError);
    EXPECT_THROW(AacToOpus(std::string("\x00\x00", 2)), TranscodeError);  // object type 0
    EXPECT_THROW(AacToOpus(std::string("\x16\x90", 2)), TranscodeError);  // reserved sample rate index 13
    AacToOpus::Options options;
    options.channels = 3;
    EXPECT_THROW(AacToOpus(std::string("\x12\x10", 2), options), TranscodeError);
    EXPECT_NO_THROW(AacToOpus(std::string("\x12\x10", 2)));  // AAC-LC 44.1 kHz stereo
}
