#include "Vp8ToH264.h"

#include "FfmpegHandles.h"
#include "sockstream/codec/AnnexB.h"

extern "C" {
#include <libavutil/opt.h>
}

namespace sockstream::webrtc {

namespace {
constexpr int kClockRate = 90000;
constexpr int kNalSps = 7;
constexpr int kNalPps = 8;
constexpr int kNalIdr = 5;
}  // namespace

struct Vp8ToH264::Codecs {
    explicit Codecs(Options options);
    std::vector<TranscodedAccessUnit> push(std::string_view frame, std::int64_t ticks, bool keyframe);
    void openEncoder(int width, int height);
    void encode(AVFrame* frame, std::vector<TranscodedAccessUnit>& out);
    TranscodedAccessUnit lengthPrefixed(const AVPacket& packet);

    Options _options;
    ffmpeg::CodecContextPtr _decoder;
    ffmpeg::CodecContextPtr _encoder;
    ffmpeg::PacketPtr _packet;
    ffmpeg::FramePtr _frame;
    int _width = 0;
    int _height = 0;
    bool _forceKeyframe = true;
    std::int64_t _lastKeyframeTicks = 0;
    std::string _sps;
    std::string _pps;
    std::size_t _rejected = 0;
};

Vp8ToH264::Vp8ToH264() : Vp8ToH264(Options{}) {}
Vp8ToH264::Vp8ToH264(Options options) : _codecs(std::make_unique<Codecs>(std::move(options))) {}
Vp8ToH264::~Vp8ToH264() = default;

std::vector<TranscodedAccessUnit> Vp8ToH264::push(std::string_view frame, std::int64_t ticks, bool keyframe) {
    return _codecs->push(frame, ticks, keyframe);
}
const std::string& Vp8ToH264::sequenceParameterSet() const { return _codecs->_sps; }
const std::string& Vp8ToH264::pictureParameterSet() const { return _codecs->_pps; }
int Vp8ToH264::width() const { return _codecs->_width; }
int Vp8ToH264::height() const { return _codecs->_height; }
std::size_t Vp8ToH264::rejectedFrames() const { return _codecs->_rejected; }

Vp8ToH264::Codecs::Codecs(Options options)
    : _options(std::move(options)), _packet(av_packet_alloc()), _frame(av_frame_alloc()) {
    const AVCodec* vp8 = avcodec_find_decoder(AV_CODEC_ID_VP8);
    if (!vp8) throw TranscodeError("this FFmpeg has no VP8 decoder (libavcodec's vp8)");
    if (!avcodec_find_encoder_by_name("libx264"))
        throw TranscodeError("this FFmpeg has no libx264 encoder (install Debian's libavcodec, which links x264)");
    if (!_packet || !_frame) throw TranscodeError("out of memory for the VP8 transcoder");
    _decoder.reset(avcodec_alloc_context3(vp8));
    if (!_decoder) throw TranscodeError("out of memory for the VP8 decoder");
    _decoder->thread_count = 1;  // frame threads would hold pictures back: latency
    _decoder->pkt_timebase = AVRational{1, kClockRate};
    ffmpeg::check(avcodec_open2(_decoder.get(), vp8, nullptr), "opening the VP8 decoder");
}

void Vp8ToH264::Codecs::openEncoder(int width, int height) {
    const AVCodec* x264 = avcodec_find_encoder_by_name("libx264");
    ffmpeg::CodecContextPtr encoder(avcodec_alloc_context3(x264));
    if (!encoder) throw TranscodeError("out of memory for the H.264 encoder");
    encoder->width = width;
    encoder->height = height;
    encoder->pix_fmt = AV_PIX_FMT_YUV420P;
    encoder->time_base = AVRational{1, kClockRate};
    // Only a nominal rate for x264's rate control; the timestamps are the frames' own.
    encoder->framerate = AVRational{30, 1};
    encoder->bit_rate = _options.bitrate;
    encoder->rc_max_rate = _options.bitrate * 3 / 2;
    encoder->rc_buffer_size = _options.bitrate;  // about a second: the stream stays near its rate
    encoder->max_b_frames = 0;
    encoder->gop_size = 600;  // the IDRs we force (push()) come first
    encoder->profile = FF_PROFILE_H264_CONSTRAINED_BASELINE;
    encoder->thread_count = 2;
    av_opt_set(encoder->priv_data, "preset", _options.preset.c_str(), 0);
    av_opt_set(encoder->priv_data, "tune", "zerolatency", 0);
    av_opt_set(encoder->priv_data, "profile", "baseline", 0);  // every WHEP viewer decodes it
    av_opt_set(encoder->priv_data, "forced-idr", "1", 0);       // a forced keyframe is an IDR, not an I-frame
    ffmpeg::check(avcodec_open2(encoder.get(), x264, nullptr),
                  ("opening libx264 for " + std::to_string(width) + "x" + std::to_string(height)).c_str());
    _encoder = std::move(encoder);
    _width = width;
    _height = height;
    _forceKeyframe = true;
}

std::vector<TranscodedAccessUnit> Vp8ToH264::Codecs::push(std::string_view frame, std::int64_t ticks, bool keyframe) {
    std::vector<TranscodedAccessUnit> out;
    av_packet_unref(_packet.get());
    ffmpeg::check(av_new_packet(_packet.get(), static_cast<int>(frame.size())), "allocating a VP8 packet");
    std::copy(frame.begin(), frame.end(), _packet->data);
    _packet->pts = _packet->dts = ticks;
    if (keyframe) _packet->flags |= AV_PKT_FLAG_KEY;
    if (avcodec_send_packet(_decoder.get(), _packet.get()) < 0) {
        ++_rejected;
        _forceKeyframe = true;  // whatever comes next must not reference what is missing
        return out;
    }
    while (true) {
        const int received = avcodec_receive_frame(_decoder.get(), _frame.get());
        if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) break;
        if (received < 0) {
            ++_rejected;
            _forceKeyframe = true;
            break;
        }
        if (!_encoder || _frame->width != _width || _frame->height != _height) {
            // Encoded frames still inside the old encoder are none: zerolatency gives each out at once.
            openEncoder(_frame->width, _frame->height);
        }
        const std::int64_t pts = _frame->best_effort_timestamp != AV_NOPTS_VALUE ? _frame->best_effort_timestamp : ticks;
        const bool due = pts - _lastKeyframeTicks >=
                         std::chrono::duration_cast<std::chrono::milliseconds>(_options.maxKeyframeInterval).count() *
                             kClockRate / 1000;
        const bool idr = _forceKeyframe || keyframe || due;
        _frame->pts = pts;
        _frame->pict_type = idr ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
        _frame->key_frame = idr ? 1 : 0;
        encode(_frame.get(), out);
        av_frame_unref(_frame.get());
    }
    return out;
}

void Vp8ToH264::Codecs::encode(AVFrame* frame, std::vector<TranscodedAccessUnit>& out) {
    ffmpeg::check(avcodec_send_frame(_encoder.get(), frame), "encoding H.264");
    while (true) {
        av_packet_unref(_packet.get());
        const int received = avcodec_receive_packet(_encoder.get(), _packet.get());
        if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) break;
        ffmpeg::check(received, "encoding H.264");
        auto unit = lengthPrefixed(*_packet);
        if (unit.data.empty()) continue;
        if (unit.keyframe) {
            _forceKeyframe = false;
            _lastKeyframeTicks = unit.ticks;
        }
        out.push_back(std::move(unit));
    }
}

/// x264 writes Annex B; the bus carries 4-byte lengths, and the SPS/PPS are kept for the avcC.
TranscodedAccessUnit Vp8ToH264::Codecs::lengthPrefixed(const AVPacket& packet) {
    TranscodedAccessUnit unit;
    unit.ticks = packet.pts;
    const std::string_view stream(reinterpret_cast<const char*>(packet.data), static_cast<std::size_t>(packet.size));
    for (const auto nal : codec::splitAnnexB(stream)) {
        const int type = static_cast<unsigned char>(nal[0]) & 0x1F;
        if (type == kNalSps && nal.size() <= 65535) _sps.assign(nal);
        if (type == kNalPps && nal.size() <= 65535) _pps.assign(nal);
        if (type == kNalIdr) unit.keyframe = true;
        for (int shift = 24; shift >= 0; shift -= 8) unit.data.push_back(static_cast<char>((nal.size() >> shift) & 0xFF));
        unit.data.append(nal);
    }
    return unit;
}

}  // namespace sockstream::webrtc
