#pragma once

// Audio for the transcoder tests: AAC made by the ffmpeg CLI in a temporary
// directory and read from FLV (millisecond timestamps, as RTMP gives them),
// and decoding with libavcodec to check what came out.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "AudioTranscoder.h"

namespace audiotest {

using sockstream::MediaTime;
using sockstream::webrtc::AudioTranscoder;
using sockstream::webrtc::EncodedAudio;

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
inline AacStream makeAac(const TempDir& dir, const std::string& source, double seconds, int rate, int channels) {
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

/// Decodes encoded frames with libavcodec (Opus as a receiver without
/// pre-skip does, AAC with its AudioSpecificConfig); each sample's time is its
/// frame's pts plus its index.
inline Decoded decodeFrames(AVCodecID id, const std::string& extradata, const std::vector<EncodedAudio>& frames) {
    const AVCodec* codec = avcodec_find_decoder(id);
    AVCodecContext* context = avcodec_alloc_context3(codec);
    context->sample_rate = 48000;
    av_channel_layout_default(&context->ch_layout, 2);
    if (!extradata.empty()) {
        context->extradata = static_cast<std::uint8_t*>(av_mallocz(extradata.size() + AV_INPUT_BUFFER_PADDING_SIZE));
        std::memcpy(context->extradata, extradata.data(), extradata.size());
        context->extradata_size = static_cast<int>(extradata.size());
    }
    if (avcodec_open2(context, codec, nullptr) < 0) throw std::runtime_error("cannot open the decoder");
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
inline std::vector<std::pair<double, float>> decodeAac(const AacStream& stream) {
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

inline std::vector<EncodedAudio> transcode(AudioTranscoder& transcoder, const std::vector<AacPacket>& packets) {
    std::vector<EncodedAudio> out;
    for (const auto& packet : packets)
        for (auto& frame : transcoder.push(packet.data, packet.pts)) out.push_back(std::move(frame));
    for (auto& frame : transcoder.flush()) out.push_back(std::move(frame));
    return out;
}

/// The time (seconds) of the first sample louder than `threshold`, or -1.
inline double onsetSeconds(const Decoded& decoded, float threshold = 0.1f) {
    for (std::size_t i = 0; i < decoded.left.size(); ++i)
        if (std::fabs(decoded.left[i]) > threshold) return decoded.sampleTime[i] / 48000.0;
    return -1;
}
inline double onsetSeconds(const AacStream& input, float threshold = 0.1f) {
    for (const auto& [time, sample] : decodeAac(input))
        if (std::fabs(sample) > threshold) return time;
    return -1;
}

inline double rms(const std::vector<float>& samples, std::size_t from, std::size_t to) {
    double sum = 0;
    for (std::size_t i = from; i < to; ++i) sum += double(samples[i]) * samples[i];
    return std::sqrt(sum / double(to - from));
}

/// Rising zero crossings per second: the tone's frequency.
inline double frequency(const std::vector<float>& samples, std::size_t from, std::size_t to) {
    int crossings = 0;
    for (std::size_t i = from + 1; i < to; ++i)
        if (samples[i - 1] < 0 && samples[i] >= 0) ++crossings;
    return crossings * 48000.0 / double(to - from);
}

}  // namespace audiotest
