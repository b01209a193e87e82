#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "sockstream/media/MediaBus.h"

namespace sockstream::core {

/// What the media bus saw of one broadcast's ingest, whatever protocol fed it.
struct IngestHealth {
    std::string broadcastId;
    std::string ingest;   ///< the plugin that feeds the stream, e.g. "rtmp"
    std::string encoder;  ///< as the encoder named itself, may be empty
    std::chrono::system_clock::time_point startedAt;
    int bitrateKbps = 0;  ///< all tracks, over the last few seconds
    bool hasVideo = false;
    std::string videoCodec;
    int width = 0;
    int height = 0;
    double frameRate = 0;               ///< measured from timestamps; the announced rate before enough frames
    double keyframeIntervalSeconds = 0; ///< between the last two keyframes; 0 before the second
    bool bFrames = false;               ///< some frame had a composition offset (pts != dts)
    bool hasAudio = false;
    std::string audioCodec;
    int sampleRate = 0;
    int channels = 0;
    std::int64_t droppedFrames = 0;  ///< video frames missing from the timeline (timestamp gaps)
    std::int64_t lateFrames = 0;     ///< frames that arrived over a second later than their timestamp implies
};

/// Computes stream health in the core from the packets and stream info on the
/// media bus, so every ingest protocol gets the same figures. Callbacks arrive on
/// ingest threads; snapshot() may be called from any thread.
class StreamHealthMonitor : public MediaObserver {
public:
    void onStreamOpened(const StreamInfo& info, bool resumed) override;
    void onTracksChanged(const StreamInfo& info) override;
    void onPacket(const StreamInfo& info, const MediaPacket& packet) override;
    void onStreamInterrupted(const StreamInfo& info) override;
    void onStreamClosed(const StreamInfo& info) override;

    std::optional<IngestHealth> snapshot(const std::string& roomId) const;

    /// Bitrate and frame rate are measured over this window.
    static constexpr std::chrono::seconds kWindow{5};
    /// A frame whose arrival lags its timestamp by more than this (beyond the best lag seen) is late.
    static constexpr std::int64_t kLateAfterMs = 1000;

private:
    struct Sample {
        std::chrono::steady_clock::time_point at;
        std::size_t bytes = 0;
        bool video = false;
    };
    struct Stats {
        StreamInfo info;
        std::deque<Sample> window;
        std::int64_t lastVideoDts = -1;
        std::int64_t lastKeyframeDts = -1;
        std::int64_t keyframeIntervalMs = 0;
        bool bFrames = false;
        std::int64_t droppedFrames = 0;
        std::int64_t lateFrames = 0;
        std::optional<std::int64_t> bestLagMs;  ///< smallest (arrival - timestamp) seen since (re)opening
        double frameDurationMs = 0;             ///< running estimate of one video frame
    };
    void trim(Stats& stats, std::chrono::steady_clock::time_point now) const;

    mutable std::mutex _mutex;
    std::map<std::string, Stats> _streams;
};

}  // namespace sockstream::core
