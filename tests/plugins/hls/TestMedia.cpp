#include "TestMedia.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

extern "C" {
#include <libavformat/avformat.h>
}

namespace sockstream::hls::test {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hls-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    _path = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(_path, ignored);
}

const TestMedia& TestMedia::h264Aac(int seconds, int gopFrames) {
    static std::map<std::pair<int, int>, TestMedia> cache;
    auto key = std::make_pair(seconds, gopFrames);
    auto found = cache.find(key);
    if (found != cache.end()) return found->second;
    TempDir dir;
    std::string output = dir.file("source.flv");
    std::string command =
        "ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i testsrc=size=320x240:rate=30 "
        "-f lavfi -i sine=frequency=440:sample_rate=44100 -t " + std::to_string(seconds) +
        " -c:v libx264 -preset veryfast -pix_fmt yuv420p -g " + std::to_string(gopFrames) +
        " -keyint_min " + std::to_string(gopFrames) + " -sc_threshold 0 -bf 2 -c:a aac -b:a 96k -f flv " + output;
    if (std::system(command.c_str()) != 0) throw std::runtime_error("ffmpeg failed: " + command);
    return cache.emplace(key, fromFile(output)).first->second;
}

TestMedia TestMedia::fromFile(const std::string& path) {
    AVFormatContext* format = nullptr;
    if (avformat_open_input(&format, path.c_str(), nullptr, nullptr) < 0) throw std::runtime_error("cannot open " + path);
    std::unique_ptr<AVFormatContext, void (*)(AVFormatContext*)> guard(format, [](AVFormatContext* f) { avformat_close_input(&f); });
    if (avformat_find_stream_info(format, nullptr) < 0) throw std::runtime_error("no stream info");

    TestMedia media;
    std::map<int, int> trackByStream;
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        const AVCodecParameters* parameters = format->streams[i]->codecpar;
        TrackInfo track;
        if (parameters->codec_type == AVMEDIA_TYPE_VIDEO) {
            track.id = 0;
            track.kind = MediaKind::Video;
            track.codec = parameters->codec_id == AV_CODEC_ID_H264 ? Codec::H264 : Codec::Unknown;
            track.width = parameters->width;
            track.height = parameters->height;
            track.frameRate = 30;
        } else if (parameters->codec_type == AVMEDIA_TYPE_AUDIO) {
            track.id = 1;
            track.kind = MediaKind::Audio;
            track.codec = parameters->codec_id == AV_CODEC_ID_AAC ? Codec::AAC : Codec::Unknown;
            track.sampleRate = parameters->sample_rate;
            track.channels = parameters->ch_layout.nb_channels;
        } else {
            continue;
        }
        track.codecConfig.assign(reinterpret_cast<const char*>(parameters->extradata),
                                 static_cast<std::size_t>(parameters->extradata_size));
        trackByStream[static_cast<int>(i)] = track.id;
        media.tracks.push_back(track);
    }

    const auto start = std::chrono::system_clock::now();
    AVPacket* packet = av_packet_alloc();
    while (av_read_frame(format, packet) >= 0) {
        auto found = trackByStream.find(packet->stream_index);
        if (found != trackByStream.end()) {
            AVRational base = format->streams[packet->stream_index]->time_base;
            MediaPacket out;
            out.trackId = found->second;
            // In milliseconds, as the rtmp ingest delivers them.
            out.dts = MediaTime::fromMilliseconds(av_rescale_q(packet->dts, base, AVRational{1, 1000}));
            out.pts = MediaTime::fromMilliseconds(
                av_rescale_q(packet->pts == AV_NOPTS_VALUE ? packet->dts : packet->pts, base, AVRational{1, 1000}));
            out.keyframe = (packet->flags & AV_PKT_FLAG_KEY) != 0;
            out.data = std::make_shared<const std::string>(reinterpret_cast<const char*>(packet->data),
                                                           static_cast<std::size_t>(packet->size));
            out.receivedAt = start + std::chrono::milliseconds(out.dts.milliseconds());
            media.packets.push_back(std::move(out));
        }
        av_packet_unref(packet);
    }
    av_packet_free(&packet);
    return media;
}

std::vector<MediaPacket> TestMedia::only(int trackId) const {
    std::vector<MediaPacket> selected;
    for (const auto& packet : packets)
        if (packet.trackId == trackId) selected.push_back(packet);
    return selected;
}

}  // namespace sockstream::hls::test
