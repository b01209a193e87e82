#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sockstream/media/MediaTime.h"

namespace sockstream {

enum class MediaKind { Video, Audio };

enum class Codec { H264, HEVC, AV1, AAC, MP3, Opus, Unknown };

/// Lower-case name for APIs and logs: "h264", "hevc", "av1", "aac", "mp3", "opus", "unknown".
/// Inline, so a plugin built against the SDK alone can use it.
inline std::string_view codecName(Codec codec) {
    switch (codec) {
        case Codec::H264: return "h264";
        case Codec::HEVC: return "hevc";
        case Codec::AV1: return "av1";
        case Codec::AAC: return "aac";
        case Codec::MP3: return "mp3";
        case Codec::Opus: return "opus";
        case Codec::Unknown: break;
    }
    return "unknown";
}

/// One elementary stream of a broadcast. Timestamps of its packets count
/// ticks of its own clock (`clockRate` per second), made monotonic by the ingest.
struct TrackInfo {
    int id = 0;                   ///< unique within the stream; ingest convention: 0 video, 1 audio
    MediaKind kind = MediaKind::Video;
    Codec codec = Codec::Unknown;
    /// Decoder configuration as carried by FLV/MP4: H.264 avcC record, HEVC hvcC,
    /// AV1 av1C, AAC AudioSpecificConfig. Empty until the sequence header arrived.
    std::string codecConfig;
    int width = 0;
    int height = 0;
    double frameRate = 0;
    int sampleRate = 0;
    int channels = 0;
    int bitrateKbps = 0;
    /// Ticks per second of its packets' timestamps: 1000 from RTMP/FLV, 90000
    /// from MPEG-TS or RTP video, 48000 from Opus.
    std::int32_t clockRate = MediaTime::kMillisecondRate;
};

struct StreamInfo {
    std::string roomId;       ///< public room id: the only name packagers and viewers see
    std::string broadcastId;  ///< stays the same when an encoder resumes within the grace window
    std::vector<TrackInfo> tracks;
    std::string encoder;      ///< from onMetaData, e.g. "obs-output module (libobs version 30.0.0)"
    std::string ingest;       ///< the plugin that feeds it (its ingest protocol), e.g. "rtmp"
    std::chrono::system_clock::time_point startedAt;

    const TrackInfo* track(int id) const {
        for (const auto& t : tracks) if (t.id == id) return &t;
        return nullptr;
    }
};

/// One access unit. Video payloads are length-prefixed NAL units (4-byte
/// lengths, as in avcC/hvcC) or AV1 OBUs; AAC payloads are raw frames without ADTS.
struct MediaPacket {
    int trackId = 0;
    MediaTime dts;  ///< decode time, on the track's clock
    MediaTime pts;  ///< presentation time, on the track's clock, >= dts
    bool keyframe = false;
    std::shared_ptr<const std::string> data;
    /// Wall-clock time the ingest received it; packagers derive PROGRAM-DATE-TIME from it.
    std::chrono::system_clock::time_point receivedAt;
};

}  // namespace sockstream
