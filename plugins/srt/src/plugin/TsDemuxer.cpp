#include "TsDemuxer.h"

#include <stdexcept>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

#include "sockstream-ffmpeg/FfmpegHandles.h"

namespace sockstream::srt {

namespace {

// Seven 188-byte TS packets: what one SRT live payload carries (1316 bytes), times 4.
constexpr int kIoBufferBytes = 188 * 7 * 4;
// What libavformat may read to find the programme and the codec parameters.
constexpr std::int64_t kProbeBytes = 2 << 20;

Codec codecOf(AVCodecID id) {
    switch (id) {
        case AV_CODEC_ID_H264: return Codec::H264;
        case AV_CODEC_ID_HEVC: return Codec::HEVC;
        case AV_CODEC_ID_AAC: return Codec::AAC;
        case AV_CODEC_ID_MP3: return Codec::MP3;
        default: return Codec::Unknown;
    }
}

}  // namespace

TsDemuxer::TsDemuxer(Read read, std::chrono::milliseconds analyzeDuration)
    : _read(std::move(read)), _analyzeDuration(analyzeDuration) {}

TsDemuxer::~TsDemuxer() {
    av_packet_free(&_packet);
    if (_format) avformat_close_input(&_format);
    if (_io) {
        av_freep(&_io->buffer);
        avio_context_free(&_io);
    }
}

int TsDemuxer::readThunk(void* opaque, std::uint8_t* buffer, int size) {
    auto* self = static_cast<TsDemuxer*>(opaque);
    return self->_read(buffer, size);
}

void TsDemuxer::open() {
    auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferBytes));
    if (!buffer) throw std::runtime_error("out of memory");
    _io = avio_alloc_context(buffer, kIoBufferBytes, 0, this, &TsDemuxer::readThunk, nullptr, nullptr);
    if (!_io) {
        av_free(buffer);
        throw std::runtime_error("out of memory");
    }
    _io->seekable = 0;
    _format = avformat_alloc_context();
    if (!_format) throw std::runtime_error("out of memory");
    _format->pb = _io;
    _format->flags |= AVFMT_FLAG_CUSTOM_IO;
    _format->probesize = kProbeBytes;
    _format->max_analyze_duration = std::chrono::duration_cast<std::chrono::microseconds>(_analyzeDuration).count();
    // Only what a publisher must send: never follow a URL or open a file named in the stream.
    _format->protocol_whitelist = av_strdup("none");
    const AVInputFormat* mpegts = av_find_input_format("mpegts");
    if (!mpegts) throw std::runtime_error("this FFmpeg has no MPEG-TS demuxer");
    AVDictionary* options = nullptr;
    int result = avformat_open_input(&_format, nullptr, mpegts, &options);
    av_dict_free(&options);
    if (result < 0) {
        // avformat_open_input frees the context on failure, but not our custom I/O.
        _format = nullptr;
        throw std::runtime_error("the stream is not MPEG-TS (" + lib::ffmpeg::errorText(result) + ")");
    }
    result = avformat_find_stream_info(_format, nullptr);
    if (result < 0) throw std::runtime_error("no MPEG-TS programme could be read (" + lib::ffmpeg::errorText(result) + ")");
    if (_format->nb_streams == 0) throw std::runtime_error("the MPEG-TS carries no elementary stream (no PAT/PMT?)");
    _packet = av_packet_alloc();
    if (!_packet) throw std::runtime_error("out of memory");
}

std::optional<TsDemuxer::Track> TsDemuxer::track(int streamIndex) const {
    if (!_format || streamIndex < 0 || static_cast<unsigned>(streamIndex) >= _format->nb_streams) return std::nullopt;
    const AVStream* stream = _format->streams[streamIndex];
    const AVCodecParameters* parameters = stream->codecpar;
    Track track;
    track.streamIndex = streamIndex;
    TrackInfo& info = track.info;
    info.codec = codecOf(parameters->codec_id);
    if (parameters->codec_type == AVMEDIA_TYPE_VIDEO) {
        info.kind = MediaKind::Video;
        info.width = parameters->width;
        info.height = parameters->height;
        if (stream->avg_frame_rate.num > 0 && stream->avg_frame_rate.den > 0) info.frameRate = av_q2d(stream->avg_frame_rate);
        else if (stream->r_frame_rate.num > 0 && stream->r_frame_rate.den > 0) info.frameRate = av_q2d(stream->r_frame_rate);
    } else if (parameters->codec_type == AVMEDIA_TYPE_AUDIO) {
        info.kind = MediaKind::Audio;
        info.sampleRate = parameters->sample_rate;
        info.channels = parameters->ch_layout.nb_channels;
    } else {
        info.codec = Codec::Unknown;
    }
    info.bitrateKbps = static_cast<int>(parameters->bit_rate / 1000);
    return track;
}

std::vector<TsDemuxer::Track> TsDemuxer::tracks() const {
    std::vector<Track> all;
    if (!_format) return all;
    for (unsigned i = 0; i < _format->nb_streams; ++i)
        if (auto t = track(static_cast<int>(i))) all.push_back(*t);
    return all;
}

bool TsDemuxer::next(Packet& packet) {
    const int result = av_read_frame(_format, _packet);
    if (result == AVERROR_EOF || result == AVERROR_EXIT) return false;
    if (result < 0) throw std::runtime_error("reading the MPEG-TS failed (" + lib::ffmpeg::errorText(result) + ")");
    packet.streamIndex = _packet->stream_index;
    packet.data.assign(reinterpret_cast<const char*>(_packet->data), static_cast<std::size_t>(_packet->size));
    // MPEG-TS streams all count 90 kHz; rescale in case libavformat ever says otherwise.
    const AVRational base = _format->streams[_packet->stream_index]->time_base;
    const AVRational ts{1, 90'000};
    packet.pts = _packet->pts == AV_NOPTS_VALUE ? std::nullopt : std::optional(av_rescale_q(_packet->pts, base, ts));
    packet.dts = _packet->dts == AV_NOPTS_VALUE ? std::nullopt : std::optional(av_rescale_q(_packet->dts, base, ts));
    av_packet_unref(_packet);
    return true;
}

}  // namespace sockstream::srt
