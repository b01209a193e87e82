#include "MemoryMuxer.h"

#include <cstring>
#include <stdexcept>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
}

#include "sockstream-ffmpeg/TrackParameters.h"

namespace sockstream::hls {

namespace {

constexpr int kIoBufferSize = 64 * 1024;

std::string ffmpegError(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

void check(int code, const char* what) {
    if (code < 0) throw std::runtime_error(std::string(what) + ": " + ffmpegError(code));
}

}  // namespace

bool MemoryMuxer::canCarry(Container container, Codec codec) {
    switch (codec) {
        case Codec::H264:
        case Codec::AAC:
        case Codec::MP3: return true;
        case Codec::HEVC:
        case Codec::AV1: return container == Container::Fmp4;
        default: return false;
    }
}

MemoryMuxer::MemoryMuxer(Container container, const std::vector<TrackInfo>& tracks) : _container(container) {
    const char* formatName = container == Container::Fmp4 ? "mp4" : "mpegts";
    check(avformat_alloc_output_context2(&_format, nullptr, formatName, nullptr), "allocating the muxer");
    try {
        for (const auto& track : tracks) {
            if (!canCarry(container, track.codec)) continue;
            AVStream* stream = avformat_new_stream(_format, nullptr);
            if (!stream) throw std::runtime_error("allocating a stream failed");
            // Codec, extradata, size or sample format, and the source's own clock (1/1000 from
            // RTMP) as the time base: the muxer rescales once, from exact times.
            lib::ffmpeg::describeTrack(track, *stream);
            _streamByTrack[track.id] = stream->index;
        }
        if (_streamByTrack.empty()) throw std::runtime_error("no track this container can carry");

        auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferSize));
        if (!buffer) throw std::runtime_error("out of memory");
        _io = avio_alloc_context(buffer, kIoBufferSize, 1, this, nullptr, &MemoryMuxer::onWrite, nullptr);
        if (!_io) {
            av_free(buffer);
            throw std::runtime_error("allocating the I/O context failed");
        }
        _format->pb = _io;
        _format->flags |= AVFMT_FLAG_CUSTOM_IO;

        // Keep the ingest's timestamps in tfdt: players (hls.js) time fMP4 by it, and
        // shifting each track's first sample to zero would lose audio/video sync.
        if (container == Container::Fmp4) _format->avoid_negative_ts = AVFMT_AVOID_NEG_TS_DISABLED;
        AVDictionary* options = nullptr;
        if (container == Container::Fmp4)
            av_dict_set(&options, "movflags", "frag_custom+empty_moov+default_base_moof+skip_trailer+frag_discont", 0);
        if (container == Container::Fmp4) av_dict_set(&options, "use_editlist", "0", 0);
        int written = avformat_write_header(_format, &options);
        av_dict_free(&options);
        check(written, "writing the header");
        avio_flush(_io);
        _initSection = takePending();
        _packet = av_packet_alloc();
        if (!_packet) throw std::runtime_error("out of memory");
    } catch (...) {
        if (_io) {
            av_freep(&_io->buffer);
            avio_context_free(&_io);
        }
        avformat_free_context(_format);
        throw;
    }
}

MemoryMuxer::~MemoryMuxer() {
    av_packet_free(&_packet);
    if (_io) {
        av_freep(&_io->buffer);
        avio_context_free(&_io);
    }
    avformat_free_context(_format);
}

int MemoryMuxer::onWrite(void* opaque, std::uint8_t* data, int size) {
    static_cast<MemoryMuxer*>(opaque)->_pending.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    return size;
}

std::string MemoryMuxer::takePending() {
    std::string bytes;
    bytes.swap(_pending);
    return bytes;
}

void MemoryMuxer::write(const MediaPacket& packet, std::int64_t durationTicks) {
    auto found = _streamByTrack.find(packet.trackId);
    if (found == _streamByTrack.end() || !packet.data || _finished) return;
    check(av_new_packet(_packet, static_cast<int>(packet.data->size())), "allocating a packet");
    std::memcpy(_packet->data, packet.data->data(), packet.data->size());
    _packet->stream_index = found->second;
    AVRational timeBase = _format->streams[found->second]->time_base;
    const AVRational dtsClock{1, packet.dts.rate};
    _packet->dts = av_rescale_q(packet.dts.ticks, dtsClock, timeBase);
    _packet->pts = av_rescale_q(packet.pts.ticks, AVRational{1, packet.pts.rate}, timeBase);
    _packet->duration = av_rescale_q(durationTicks, dtsClock, timeBase);
    if (packet.keyframe) _packet->flags |= AV_PKT_FLAG_KEY;
    int result = av_write_frame(_format, _packet);
    av_packet_unref(_packet);
    check(result, "writing a packet");
}

std::string MemoryMuxer::cutFragment() {
    if (_finished) return takePending();
    if (_container == Container::Fmp4) check(av_write_frame(_format, nullptr), "ending a fragment");
    avio_flush(_io);
    return takePending();
}

std::string MemoryMuxer::finish() {
    if (!_finished) {
        _finished = true;
        check(av_write_trailer(_format), "writing the trailer");
        avio_flush(_io);
    }
    return takePending();
}

}  // namespace sockstream::hls
