#include "FragmentMuxer.h"

#include <cstring>
#include <stdexcept>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
}

#include "sockstream-ffmpeg/FfmpegHandles.h"

namespace sockstream::recordings {

namespace {

constexpr int kBufferBytes = 256 * 1024;

void require(int result, const char* doing) {
    if (result < 0) throw std::runtime_error(std::string(doing) + " failed: " + lib::ffmpeg::errorText(result));
}

AVCodecID ffmpegCodec(Codec codec) {
    switch (codec) {
        case Codec::H264: return AV_CODEC_ID_H264;
        case Codec::HEVC: return AV_CODEC_ID_HEVC;
        case Codec::AV1: return AV_CODEC_ID_AV1;
        case Codec::AAC: return AV_CODEC_ID_AAC;
        case Codec::MP3: return AV_CODEC_ID_MP3;
        case Codec::Opus: return AV_CODEC_ID_OPUS;
        case Codec::Unknown: break;
    }
    return AV_CODEC_ID_NONE;
}

void describe(AVCodecParameters& parameters, const TrackInfo& track) {
    parameters.codec_id = ffmpegCodec(track.codec);
    if (!track.codecConfig.empty()) {
        parameters.extradata = static_cast<std::uint8_t*>(av_mallocz(track.codecConfig.size() + AV_INPUT_BUFFER_PADDING_SIZE));
        if (!parameters.extradata) throw std::bad_alloc();
        std::memcpy(parameters.extradata, track.codecConfig.data(), track.codecConfig.size());
        parameters.extradata_size = static_cast<int>(track.codecConfig.size());
    }
    if (track.kind == MediaKind::Video) {
        parameters.codec_type = AVMEDIA_TYPE_VIDEO;
        parameters.width = track.width;
        parameters.height = track.height;
        return;
    }
    parameters.codec_type = AVMEDIA_TYPE_AUDIO;
    int rate = track.sampleRate;
    int channels = track.channels;
    // The AudioSpecificConfig is the truth for AAC; metadata may be missing.
    if (track.codec == Codec::AAC && track.codecConfig.size() >= 2) {
        static const int kRates[] = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
        const auto first = static_cast<std::uint8_t>(track.codecConfig[0]);
        const auto second = static_cast<std::uint8_t>(track.codecConfig[1]);
        const unsigned index = ((first & 0x07u) << 1) | (second >> 7);
        const unsigned layout = (second >> 3) & 0x0Fu;
        if ((first >> 3) != 31 && index < 13) rate = kRates[index];
        if ((first >> 3) != 31 && layout >= 1 && layout <= 6) channels = static_cast<int>(layout);
        parameters.frame_size = 1024;
    }
    parameters.sample_rate = rate > 0 ? rate : 48000;
    av_channel_layout_default(&parameters.ch_layout, channels > 0 ? channels : 2);
}

}  // namespace

bool FragmentMuxer::carries(const TrackInfo& track) {
    switch (track.codec) {
        case Codec::H264:
        case Codec::HEVC:
        case Codec::AV1:
        case Codec::AAC: return !track.codecConfig.empty();
        case Codec::MP3: return true;
        default: return false;  // Opus in MP4 needs an OpusHead the ingests do not give us
    }
}

FragmentMuxer::FragmentMuxer(const std::vector<TrackInfo>& tracks) {
    require(avformat_alloc_output_context2(&_format, nullptr, "mp4", nullptr), "creating the mp4 muxer");
    try {
        for (const auto& track : tracks) {
            if (!carries(track)) continue;
            AVStream* stream = avformat_new_stream(_format, nullptr);
            if (!stream) throw std::bad_alloc();
            stream->time_base = AVRational{1, track.clockRate > 0 ? track.clockRate : MediaTime::kMillisecondRate};
            describe(*stream->codecpar, track);
            _streams[track.id] = stream->index;
        }
        if (_streams.empty()) throw std::runtime_error("no track can be recorded in MP4 (codec or its configuration missing)");
        auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferBytes));
        if (!buffer) throw std::bad_alloc();
        _io = avio_alloc_context(buffer, kBufferBytes, 1, this, nullptr, &FragmentMuxer::collect, nullptr);
        if (!_io) {
            av_free(buffer);
            throw std::bad_alloc();
        }
        _format->pb = _io;
        _format->flags |= AVFMT_FLAG_CUSTOM_IO;
        // The recorder already starts the recording at zero and keeps tracks in sync.
        _format->avoid_negative_ts = AVFMT_AVOID_NEG_TS_DISABLED;
        AVDictionary* options = nullptr;
        av_dict_set(&options, "movflags", "frag_custom+empty_moov+default_base_moof+skip_trailer", 0);
        av_dict_set(&options, "use_editlist", "0", 0);
        const int header = avformat_write_header(_format, &options);
        av_dict_free(&options);
        require(header, "writing the MP4 header");
        avio_flush(_io);
        _init.swap(_written);
        _packet = av_packet_alloc();
        if (!_packet) throw std::bad_alloc();
    } catch (...) {
        if (_io) {
            av_freep(&_io->buffer);
            avio_context_free(&_io);
        }
        avformat_free_context(_format);
        throw;
    }
}

FragmentMuxer::~FragmentMuxer() {
    av_packet_free(&_packet);
    if (_io) {
        av_freep(&_io->buffer);
        avio_context_free(&_io);
    }
    avformat_free_context(_format);
}

int FragmentMuxer::collect(void* self, std::uint8_t* data, int size) {
    static_cast<FragmentMuxer*>(self)->_written.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    return size;
}

void FragmentMuxer::write(int trackId, std::int64_t dts, std::int64_t pts, std::int64_t duration, std::int32_t rate,
                          bool keyframe, std::string_view data) {
    const auto stream = _streams.find(trackId);
    if (stream == _streams.end() || data.empty()) return;
    require(av_new_packet(_packet, static_cast<int>(data.size())), "allocating a packet");
    std::memcpy(_packet->data, data.data(), data.size());
    _packet->stream_index = stream->second;
    // The muxer may have chosen its own timescale in the header.
    const AVRational from{1, rate};
    const AVRational to = _format->streams[stream->second]->time_base;
    _packet->dts = av_rescale_q(dts, from, to);
    _packet->pts = av_rescale_q(pts, from, to);
    _packet->duration = av_rescale_q(duration, from, to);
    if (keyframe) _packet->flags |= AV_PKT_FLAG_KEY;
    const int result = av_write_frame(_format, _packet);
    av_packet_unref(_packet);
    require(result, "writing a packet");
    _pendingSamples = true;
}

std::string FragmentMuxer::cut() {
    if (_pendingSamples) require(av_write_frame(_format, nullptr), "ending a fragment");
    _pendingSamples = false;
    avio_flush(_io);
    std::string bytes;
    bytes.swap(_written);
    return bytes;
}

}  // namespace sockstream::recordings
