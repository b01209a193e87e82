#include "MediaCheck.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>

#include "TestMedia.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

namespace sockstream::hls::test {

MediaReport MediaCheck::inspect(const std::string& bytes) {
    MediaReport report;
    TempDir dir;
    std::string path = dir.file("segment.bin");
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));

    AVFormatContext* format = nullptr;
    if (avformat_open_input(&format, path.c_str(), nullptr, nullptr) < 0) return report;
    std::unique_ptr<AVFormatContext, void (*)(AVFormatContext*)> guard(format, [](AVFormatContext* f) { avformat_close_input(&f); });
    if (avformat_find_stream_info(format, nullptr) < 0) return report;
    report.opened = true;
    report.format = format->iformat->name;

    std::map<int, AVCodecContext*> decoders;
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        const AVCodec* codec = avcodec_find_decoder(format->streams[i]->codecpar->codec_id);
        if (!codec) continue;
        AVCodecContext* context = avcodec_alloc_context3(codec);
        avcodec_parameters_to_context(context, format->streams[i]->codecpar);
        context->err_recognition = AV_EF_EXPLODE | AV_EF_CRCCHECK | AV_EF_BITSTREAM;
        if (avcodec_open2(context, codec, nullptr) < 0) {
            avcodec_free_context(&context);
            continue;
        }
        decoders[static_cast<int>(i)] = context;
    }

    AVPacket* packet = av_packet_alloc();
    AVFrame* frame = av_frame_alloc();
    auto drain = [&](AVCodecContext* context) {
        while (true) {
            int result = avcodec_receive_frame(context, frame);
            if (result < 0) break;
            if (context->codec_type == AVMEDIA_TYPE_VIDEO) ++report.decodedVideoFrames;
            else ++report.decodedAudioFrames;
            if (frame->decode_error_flags) ++report.decodeErrors;
        }
    };
    while (av_read_frame(format, packet) >= 0) {
        AVStream* stream = format->streams[packet->stream_index];
        auto toMs = [&](std::int64_t value) { return av_rescale_q(value, stream->time_base, AVRational{1, 1000}); };
        auto toUs = [&](std::int64_t value) { return av_rescale_q(value, stream->time_base, AVRational{1, 1000000}); };
        auto span = [&](std::int64_t& start, std::int64_t& end) {
            std::int64_t from = toUs(packet->pts);
            std::int64_t to = toUs(packet->pts + packet->duration);
            start = start < 0 ? from : std::min(start, from);
            end = std::max(end, to);
        };
        if (stream->codecpar->codec_type == AVMEDIA_TYPE_VIDEO) {
            if (report.videoPackets == 0) report.firstVideoPacketIsKeyframe = packet->flags & AV_PKT_FLAG_KEY;
            ++report.videoPackets;
            report.videoDtsMs.push_back(toMs(packet->dts));
            report.videoPtsMs.push_back(toMs(packet->pts));
            report.lastVideoDurationMs = toMs(packet->duration);
            report.videoDtsTicks.push_back(packet->dts);
            report.videoTimescale = stream->time_base.den / std::max(stream->time_base.num, 1);
            span(report.videoStartUs, report.videoEndUs);
        } else if (stream->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) {
            ++report.audioPackets;
            report.audioPtsMs.push_back(toMs(packet->pts));
            report.audioPtsTicks.push_back(packet->pts);
            report.audioTimescale = stream->time_base.den / std::max(stream->time_base.num, 1);
            span(report.audioStartUs, report.audioEndUs);
        }
        auto decoder = decoders.find(packet->stream_index);
        if (decoder != decoders.end()) {
            if (avcodec_send_packet(decoder->second, packet) < 0) ++report.decodeErrors;
            drain(decoder->second);
        }
        av_packet_unref(packet);
    }
    for (auto& [index, context] : decoders) {
        avcodec_send_packet(context, nullptr);
        drain(context);
        avcodec_free_context(&context);
    }
    av_frame_free(&frame);
    av_packet_free(&packet);
    return report;
}

}  // namespace sockstream::hls::test
