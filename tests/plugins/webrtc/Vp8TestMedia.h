#pragma once

// VP8 for the WHIP tests: libavcodec's libvpx encoder (Debian's FFmpeg has it).
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/opt.h>
}

struct EncodedVp8 {
    std::string data;
    bool keyframe = false;
};

/// `count` VP8 frames of a moving picture from libvpx, a keyframe every `gop`.
inline std::vector<EncodedVp8> encodeVp8(int width, int height, int count, int gop) {
    std::vector<EncodedVp8> out;
    const AVCodec* codec = avcodec_find_encoder_by_name("libvpx");
    if (!codec) return out;
    AVCodecContext* context = avcodec_alloc_context3(codec);
    context->width = width;
    context->height = height;
    context->pix_fmt = AV_PIX_FMT_YUV420P;
    context->time_base = AVRational{1, 30};
    context->gop_size = gop;
    context->keyint_min = gop;
    context->bit_rate = 500'000;
    av_opt_set(context->priv_data, "deadline", "realtime", 0);
    av_opt_set(context->priv_data, "lag-in-frames", "0", 0);
    if (avcodec_open2(context, codec, nullptr) < 0) {
        avcodec_free_context(&context);
        return out;
    }
    AVFrame* frame = av_frame_alloc();
    frame->width = width;
    frame->height = height;
    frame->format = AV_PIX_FMT_YUV420P;
    av_frame_get_buffer(frame, 0);
    AVPacket* packet = av_packet_alloc();
    const auto drain = [&] {
        while (avcodec_receive_packet(context, packet) == 0) {
            out.push_back({std::string(reinterpret_cast<const char*>(packet->data), packet->size),
                           (packet->flags & AV_PKT_FLAG_KEY) != 0});
            av_packet_unref(packet);
        }
    };
    for (int i = 0; i < count; ++i) {
        av_frame_make_writable(frame);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) frame->data[0][y * frame->linesize[0] + x] = static_cast<std::uint8_t>(x + y + i * 4);
        for (int plane = 1; plane < 3; ++plane)
            for (int y = 0; y < height / 2; ++y)
                std::memset(frame->data[plane] + y * frame->linesize[plane], 128 + plane * 10 + i, width / 2);
        frame->pts = i;
        avcodec_send_frame(context, frame);
        drain();
    }
    avcodec_send_frame(context, nullptr);
    drain();
    av_packet_free(&packet);
    av_frame_free(&frame);
    avcodec_free_context(&context);
    return out;
}

