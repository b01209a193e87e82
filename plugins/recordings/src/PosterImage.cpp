#include "PosterImage.h"

#include <algorithm>
#include <stdexcept>

#include "sockstream-ffmpeg/FfmpegHandles.h"  // libavcodec, libswscale and owning handles

namespace sockstream::recordings {

namespace {

namespace ff = lib::ffmpeg;

int ensure(int result, const char* step) {
    if (result < 0) throw std::runtime_error(std::string("poster: ") + step + ": " + ff::errorText(result));
    return result;
}

template <class T>
T* made(T* object) {
    if (!object) throw std::bad_alloc();
    return object;
}

ff::FramePtr decodeKeyframe(const TrackInfo& video, std::string_view keyframe) {
    AVCodecID id = AV_CODEC_ID_NONE;
    if (video.codec == Codec::H264) id = AV_CODEC_ID_H264;
    if (video.codec == Codec::HEVC) id = AV_CODEC_ID_HEVC;
    if (video.codec == Codec::AV1) id = AV_CODEC_ID_AV1;
    const AVCodec* codec = avcodec_find_decoder(id);
    if (!codec) throw std::runtime_error("poster: no decoder for " + std::string(codecName(video.codec)));
    ff::CodecContextPtr decoder(made(avcodec_alloc_context3(codec)));
    decoder->extradata_size = static_cast<int>(video.codecConfig.size());
    decoder->extradata = made(static_cast<std::uint8_t*>(av_mallocz(video.codecConfig.size() + AV_INPUT_BUFFER_PADDING_SIZE)));
    std::copy(video.codecConfig.begin(), video.codecConfig.end(), decoder->extradata);
    decoder->thread_count = 1;  // one picture: threads would only add start-up cost
    ensure(avcodec_open2(decoder.get(), codec, nullptr), "opening the decoder");

    ff::PacketPtr packet(made(av_packet_alloc()));
    ensure(av_new_packet(packet.get(), static_cast<int>(keyframe.size())), "allocating the keyframe");
    std::copy(keyframe.begin(), keyframe.end(), packet->data);
    packet->flags = AV_PKT_FLAG_KEY;
    ensure(avcodec_send_packet(decoder.get(), packet.get()), "sending the keyframe");
    ensure(avcodec_send_packet(decoder.get(), nullptr), "flushing the decoder");
    ff::FramePtr picture(made(av_frame_alloc()));
    ensure(avcodec_receive_frame(decoder.get(), picture.get()), "decoding the keyframe");
    return picture;
}

}  // namespace

std::string posterJpeg(const TrackInfo& video, std::string_view keyframe, int maxWidth) {
    const ff::FramePtr picture = decodeKeyframe(video, keyframe);
    if (picture->width < 2 || picture->height < 2) throw std::runtime_error("poster: the decoded picture is empty");
    const double scale = std::min(1.0, static_cast<double>(maxWidth) / picture->width);
    ff::FramePtr small(made(av_frame_alloc()));
    small->width = std::max(2, static_cast<int>(picture->width * scale) / 2 * 2);
    small->height = std::max(2, static_cast<int>(picture->height * scale) / 2 * 2);
    small->format = AV_PIX_FMT_YUVJ420P;  // full-range 4:2:0, what the MJPEG encoder takes
    ff::ScalerPtr scaler(made(sws_getContext(picture->width, picture->height,
                                                      static_cast<AVPixelFormat>(picture->format), small->width,
                                                      small->height, AV_PIX_FMT_YUVJ420P, SWS_AREA, nullptr, nullptr,
                                                      nullptr)));
    ensure(sws_scale_frame(scaler.get(), small.get(), picture.get()), "scaling");

    const AVCodec* mjpeg = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    if (!mjpeg) throw std::runtime_error("poster: FFmpeg has no JPEG encoder");
    ff::CodecContextPtr encoder(made(avcodec_alloc_context3(mjpeg)));
    encoder->width = small->width;
    encoder->height = small->height;
    encoder->pix_fmt = AV_PIX_FMT_YUVJ420P;
    encoder->time_base = AVRational{1, 1};
    encoder->qmin = 2;
    encoder->qmax = 6;
    ensure(avcodec_open2(encoder.get(), mjpeg, nullptr), "opening the JPEG encoder");
    ensure(avcodec_send_frame(encoder.get(), small.get()), "encoding");
    ff::PacketPtr jpeg(made(av_packet_alloc()));
    ensure(avcodec_receive_packet(encoder.get(), jpeg.get()), "encoding");
    return std::string(reinterpret_cast<const char*>(jpeg->data), static_cast<std::size_t>(jpeg->size));
}

}  // namespace sockstream::recordings
