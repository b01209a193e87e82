#include "FlvPusher.h"

#include "DestinationRules.h"

#include <cstring>
#include <stdexcept>

extern "C" {
#include <libavformat/avformat.h>
}

#include "sockstream-ffmpeg/FfmpegHandles.h"
#include "sockstream-ffmpeg/TrackParameters.h"

namespace sockstream::restream {

namespace {

/// "3 s", "2.5 s": a timeout in the words of an error message.
std::string seconds(std::chrono::milliseconds d) {
    const auto tenths = d.count() / 100;
    return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") + " s";
}

void check(int code, const char* what) {
    if (code < 0) throw std::runtime_error(std::string(what) + ": " + lib::ffmpeg::errorText(code));
}

}  // namespace

bool FlvPusher::canCarry(Codec codec) {
    switch (codec) {
        case Codec::H264:
        case Codec::HEVC:
        case Codec::AV1:
        case Codec::AAC:
        case Codec::MP3: return true;
        default: return false;
    }
}

int FlvPusher::interrupted(void* opaque) {
    auto* self = static_cast<FlvPusher*>(opaque);
    return self->_stop.load() || std::chrono::steady_clock::now() > self->_deadline ? 1 : 0;
}

FlvPusher::FlvPusher(const std::string& url, const std::vector<TrackInfo>& tracks, const std::atomic<bool>& stop,
                     std::chrono::milliseconds connectTimeout, const std::string& tlsCaFile)
    : _stop(stop), _deadline(std::chrono::steady_clock::now() + connectTimeout) {
    // The URL carries the key: it is handed to FFmpeg and nowhere else (no
    // message below quotes it).
    check(avformat_alloc_output_context2(&_format, nullptr, "flv", nullptr), "preparing the FLV muxer");
    try {
        _format->interrupt_callback = AVIOInterruptCB{&FlvPusher::interrupted, this};
        for (const auto& track : tracks) {
            if (!canCarry(track.codec)) continue;
            AVStream* stream = avformat_new_stream(_format, nullptr);
            if (!stream) throw std::runtime_error("out of memory");
            lib::ffmpeg::describeTrack(track, *stream);
            _streamByTrack[track.id] = stream->index;
        }
        if (_streamByTrack.empty()) throw std::runtime_error("no track FLV can carry (H.264, HEVC, AV1, AAC, MP3)");

        AVDictionary* options = nullptr;
        // The rules accept the scheme in any case: "RTMPS://" must be verified too.
        const bool tls = DestinationRules::scheme(url) == "rtmps";
        if (tls) {
            // rtmps hands these on to FFmpeg's tls protocol, which otherwise
            // accepts any certificate: a stream key must not go to whoever
            // sits between us and the platform.
            av_dict_set(&options, "tls_verify", "1", 0);
            if (!tlsCaFile.empty()) av_dict_set(&options, "ca_file", tlsCaFile.c_str(), 0);
        }
        const AVIOInterruptCB callback{&FlvPusher::interrupted, this};
        const int opened = avio_open2(&_format->pb, url.c_str(), AVIO_FLAG_WRITE, &callback, &options);
        av_dict_free(&options);
        if (opened < 0) {
            if (std::chrono::steady_clock::now() > _deadline)
                throw std::runtime_error("no answer from the server within " + seconds(connectTimeout) +
                                         (tls ? " (connecting, TLS or RTMP handshake)" : " (connecting or RTMP handshake)"));
            // FFmpeg's TLS reports a failed handshake, an untrusted
            // certificate and a certificate for another host all as EIO.
            if (tls && opened == AVERROR(EIO))
                throw std::runtime_error("the TLS connection failed: the server's certificate is not trusted or not for this host, "
                                         "or the server does not speak TLS (" + lib::ffmpeg::errorText(opened) + ")");
            throw std::runtime_error("connecting failed: " + lib::ffmpeg::errorText(opened));
        }
        // A live stream has no end to seek back to for duration and size.
        AVDictionary* muxerOptions = nullptr;
        av_dict_set(&muxerOptions, "flvflags", "no_duration_filesize", 0);
        const int header = avformat_write_header(_format, &muxerOptions);
        av_dict_free(&muxerOptions);
        check(header, "starting the FLV stream");
        _headerWritten = true;
        _packet = av_packet_alloc();
        if (!_packet) throw std::runtime_error("out of memory");
    } catch (...) {
        release();
        throw;
    }
}

FlvPusher::~FlvPusher() { release(); }

void FlvPusher::release() {
    av_packet_free(&_packet);
    if (_format) {
        if (_format->pb) avio_closep(&_format->pb);
        avformat_free_context(_format);
        _format = nullptr;
    }
}

std::size_t FlvPusher::write(const MediaPacket& packet, std::int64_t originMs, std::chrono::milliseconds timeout) {
    auto found = _streamByTrack.find(packet.trackId);
    if (found == _streamByTrack.end() || !packet.data) return 0;
    AVStream* stream = _format->streams[found->second];
    const std::int64_t dtsMs = packet.dts.milliseconds() - originMs;
    const std::int64_t ptsMs = packet.pts.milliseconds() - originMs;
    if (dtsMs < 0) return 0;  // from before the keyframe this connection starts at
    check(av_new_packet(_packet, static_cast<int>(packet.data->size())), "allocating a packet");
    std::memcpy(_packet->data, packet.data->data(), packet.data->size());
    _packet->stream_index = found->second;
    _packet->dts = av_rescale_q(dtsMs, AVRational{1, 1000}, stream->time_base);
    _packet->pts = av_rescale_q(std::max(ptsMs, dtsMs), AVRational{1, 1000}, stream->time_base);
    if (packet.keyframe) _packet->flags |= AV_PKT_FLAG_KEY;
    _deadline = std::chrono::steady_clock::now() + timeout;
    const int result = av_write_frame(_format, _packet);
    av_packet_unref(_packet);
    if (result < 0) {
        if (std::chrono::steady_clock::now() > _deadline)
            throw std::runtime_error("the server stopped taking data (nothing sent for " + seconds(timeout) + ")");
        throw std::runtime_error("sending failed: " + lib::ffmpeg::errorText(result));
    }
    // avio buffers; push it out now so bitrate and errors are current.
    avio_flush(_format->pb);
    if (_format->pb->error < 0) {
        const int error = _format->pb->error;
        throw std::runtime_error(std::chrono::steady_clock::now() > _deadline
                                     ? "the server stopped taking data (nothing sent for " + seconds(timeout) + ")"
                                     : "sending failed: " + lib::ffmpeg::errorText(error));
    }
    return packet.data->size();
}

void FlvPusher::close(std::chrono::milliseconds timeout) {
    _deadline = std::chrono::steady_clock::now() + timeout;
    if (_format && _headerWritten && _format->pb && _format->pb->error >= 0) av_write_trailer(_format);
    release();
}

}  // namespace sockstream::restream
