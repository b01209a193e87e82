#include "ThumbnailRenderer.h"

#include <cstring>
#include <memory>
#include <stdexcept>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
}

#include "sockstream-ffmpeg/FfmpegHandles.h"

namespace sockstream::hls {

namespace {

using lib::ffmpeg::CodecContextPtr;
using lib::ffmpeg::FramePtr;
using lib::ffmpeg::PacketPtr;
using lib::ffmpeg::ScalerPtr;

AVCodecID decoderId(Codec codec) {
    switch (codec) {
        case Codec::H264: return AV_CODEC_ID_H264;
        case Codec::HEVC: return AV_CODEC_ID_HEVC;
        case Codec::AV1: return AV_CODEC_ID_AV1;
        default: return AV_CODEC_ID_NONE;
    }
}

void check(int code, const char* what) {
    if (code < 0) throw std::runtime_error(std::string(what) + ": " + lib::ffmpeg::errorText(code));
}

FramePtr decode(const TrackInfo& track, const std::string& keyframe) {
    const AVCodec* decoder = avcodec_find_decoder(decoderId(track.codec));
    if (!decoder) throw std::runtime_error("no decoder for this codec");
    CodecContextPtr context(avcodec_alloc_context3(decoder));
    if (!context) throw std::runtime_error("out of memory");
    if (!track.codecConfig.empty()) {
        context->extradata = static_cast<std::uint8_t*>(av_mallocz(track.codecConfig.size() + AV_INPUT_BUFFER_PADDING_SIZE));
        if (!context->extradata) throw std::runtime_error("out of memory");
        std::memcpy(context->extradata, track.codecConfig.data(), track.codecConfig.size());
        context->extradata_size = static_cast<int>(track.codecConfig.size());
    }
    context->thread_count = 1;
    check(avcodec_open2(context.get(), decoder, nullptr), "opening the decoder");

    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    if (!packet || !frame) throw std::runtime_error("out of memory");
    check(av_new_packet(packet.get(), static_cast<int>(keyframe.size())), "allocating a packet");
    std::memcpy(packet->data, keyframe.data(), keyframe.size());
    packet->flags |= AV_PKT_FLAG_KEY;
    check(avcodec_send_packet(context.get(), packet.get()), "decoding the keyframe");
    check(avcodec_send_packet(context.get(), nullptr), "draining the decoder");
    check(avcodec_receive_frame(context.get(), frame.get()), "decoding the keyframe");
    return frame;
}

}  // namespace

std::string ThumbnailRenderer::render(const TrackInfo& track, const std::string& keyframe, int maxWidth) {
    FramePtr source = decode(track, keyframe);
    int width = source->width;
    int height = source->height;
    if (width <= 0 || height <= 0) throw std::runtime_error("decoded frame has no size");
    if (maxWidth > 0 && width > maxWidth) {
        height = static_cast<int>(static_cast<long long>(height) * maxWidth / width);
        width = maxWidth;
    }
    width = std::max(2, width & ~1);
    height = std::max(2, height & ~1);

    FramePtr scaled(av_frame_alloc());
    if (!scaled) throw std::runtime_error("out of memory");
    scaled->format = AV_PIX_FMT_YUVJ420P;
    scaled->width = width;
    scaled->height = height;
    check(av_frame_get_buffer(scaled.get(), 0), "allocating the thumbnail");
    ScalerPtr scaler(
        sws_getContext(source->width, source->height, static_cast<AVPixelFormat>(source->format), width, height,
                       AV_PIX_FMT_YUVJ420P, SWS_BILINEAR, nullptr, nullptr, nullptr));
    if (!scaler) throw std::runtime_error("cannot scale this picture format");
    sws_scale(scaler.get(), source->data, source->linesize, 0, source->height, scaled->data, scaled->linesize);

    const AVCodec* encoder = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    if (!encoder) throw std::runtime_error("no JPEG encoder");
    CodecContextPtr context(avcodec_alloc_context3(encoder));
    if (!context) throw std::runtime_error("out of memory");
    context->width = width;
    context->height = height;
    context->pix_fmt = AV_PIX_FMT_YUVJ420P;
    context->time_base = AVRational{1, 25};
    context->flags |= AV_CODEC_FLAG_QSCALE;
    context->global_quality = FF_QP2LAMBDA * 4;
    scaled->quality = context->global_quality;
    check(avcodec_open2(context.get(), encoder, nullptr), "opening the JPEG encoder");
    check(avcodec_send_frame(context.get(), scaled.get()), "encoding the thumbnail");
    PacketPtr packet(av_packet_alloc());
    if (!packet) throw std::runtime_error("out of memory");
    check(avcodec_receive_packet(context.get(), packet.get()), "encoding the thumbnail");
    return std::string(reinterpret_cast<const char*>(packet->data), static_cast<std::size_t>(packet->size));
}

}  // namespace sockstream::hls
