#pragma once

// A bus track (sockstream/media/MediaTypes.h) as FFmpeg stream parameters, for
// every plugin that remuxes the media bus with libavformat (hls segments,
// restream FLV). Header only, like the rest of this folder; the user adds the
// SDK's include folder and links libavcodec/libavutil.

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
}

#include "sockstream/media/MediaTypes.h"

namespace sockstream::lib::ffmpeg {

inline AVCodecID codecIdOf(Codec codec) {
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

/// Sample rate and channels from an AudioSpecificConfig, for encoders that
/// did not say them in onMetaData (a value already set is kept).
inline void fillFromAudioSpecificConfig(const std::string& asc, int& sampleRate, int& channels) {
    static const int kRates[] = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
    if (asc.size() < 2) return;
    auto b0 = static_cast<std::uint8_t>(asc[0]);
    auto b1 = static_cast<std::uint8_t>(asc[1]);
    if ((b0 >> 3) == 31) return;  // escaped object types: trust the metadata
    unsigned rateIndex = ((b0 & 0x07) << 1) | (b1 >> 7);
    unsigned channelConfig = (b1 >> 3) & 0x0F;
    if (sampleRate <= 0 && rateIndex < 13) sampleRate = kRates[rateIndex];
    if (channels <= 0 && channelConfig > 0 && channelConfig < 8) channels = channelConfig == 7 ? 8 : static_cast<int>(channelConfig);
}

/// Codec, decoder configuration (extradata), picture size or sample format of
/// `track` into `parameters`, and the track's own clock as the time base, so
/// the muxer rescales once, from exact times. Throws std::bad_alloc.
inline void describeTrack(const TrackInfo& track, AVStream& stream) {
    stream.time_base = AVRational{1, track.clockRate > 0 ? track.clockRate : MediaTime::kMillisecondRate};
    AVCodecParameters* parameters = stream.codecpar;
    parameters->codec_id = codecIdOf(track.codec);
    if (!track.codecConfig.empty()) {
        parameters->extradata =
            static_cast<std::uint8_t*>(av_mallocz(track.codecConfig.size() + AV_INPUT_BUFFER_PADDING_SIZE));
        if (!parameters->extradata) throw std::bad_alloc();
        std::memcpy(parameters->extradata, track.codecConfig.data(), track.codecConfig.size());
        parameters->extradata_size = static_cast<int>(track.codecConfig.size());
    }
    if (track.kind == MediaKind::Video) {
        parameters->codec_type = AVMEDIA_TYPE_VIDEO;
        parameters->width = track.width;
        parameters->height = track.height;
    } else {
        parameters->codec_type = AVMEDIA_TYPE_AUDIO;
        int sampleRate = track.sampleRate;
        int channels = track.channels;
        if (track.codec == Codec::AAC) fillFromAudioSpecificConfig(track.codecConfig, sampleRate, channels);
        parameters->sample_rate = sampleRate > 0 ? sampleRate : 44100;
        if (track.codec == Codec::AAC) parameters->frame_size = 1024;
        av_channel_layout_default(&parameters->ch_layout, channels > 0 ? channels : 2);
    }
}

}  // namespace sockstream::lib::ffmpeg
