#include "media/StreamHealthMonitor.h"

#include <algorithm>
#include <cmath>

namespace sockstream::core {

namespace {
std::int64_t wallMillis(std::chrono::system_clock::time_point at) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}
}  // namespace

void StreamHealthMonitor::onStreamOpened(const StreamInfo& info, bool resumed) {
    std::lock_guard lock(_mutex);
    auto& stats = _streams[info.roomId];
    if (!resumed || stats.info.broadcastId != info.broadcastId) stats = Stats{};
    stats.info = info;
    // A resumed encoder's timeline restarts against the wall clock: measure lateness afresh.
    stats.bestLagMs.reset();
    stats.lastVideoDts = -1;
}

void StreamHealthMonitor::onTracksChanged(const StreamInfo& info) {
    std::lock_guard lock(_mutex);
    _streams[info.roomId].info = info;
}

void StreamHealthMonitor::trim(Stats& stats, std::chrono::steady_clock::time_point now) const {
    while (!stats.window.empty() && now - stats.window.front().at > kWindow) stats.window.pop_front();
}

void StreamHealthMonitor::onPacket(const StreamInfo& info, const MediaPacket& packet) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(_mutex);
    auto& stats = _streams[info.roomId];
    const TrackInfo* track = info.track(packet.trackId);
    const bool video = track && track->kind == MediaKind::Video;
    stats.window.push_back({now, packet.data ? packet.data->size() : 0, video});
    trim(stats, now);

    if (packet.receivedAt.time_since_epoch().count() != 0) {
        const std::int64_t lag = wallMillis(packet.receivedAt) - packet.dts.milliseconds();
        if (!stats.bestLagMs || lag < *stats.bestLagMs) stats.bestLagMs = lag;
        else if (lag - *stats.bestLagMs > kLateAfterMs) ++stats.lateFrames;
    }
    if (!video) return;
    if (packet.pts != packet.dts) stats.bFrames = true;
    const std::int64_t dts = packet.dts.milliseconds();
    if (stats.lastVideoDts >= 0) {
        const std::int64_t delta = dts - stats.lastVideoDts;
        if (delta > 0) {
            // A gap of several frame durations means frames the encoder dropped (or never sent).
            if (stats.frameDurationMs > 0 && delta > 2.5 * stats.frameDurationMs)
                stats.droppedFrames += static_cast<std::int64_t>(std::llround(delta / stats.frameDurationMs)) - 1;
            else
                stats.frameDurationMs = stats.frameDurationMs > 0 ? 0.9 * stats.frameDurationMs + 0.1 * delta
                                                                  : static_cast<double>(delta);
        }
    }
    stats.lastVideoDts = dts;
    if (packet.keyframe) {
        if (stats.lastKeyframeDts >= 0 && dts > stats.lastKeyframeDts)
            stats.keyframeIntervalMs = dts - stats.lastKeyframeDts;
        stats.lastKeyframeDts = dts;
    }
}

void StreamHealthMonitor::onStreamInterrupted(const StreamInfo& info) {
    std::lock_guard lock(_mutex);
    if (auto it = _streams.find(info.roomId); it != _streams.end()) it->second.window.clear();
}

void StreamHealthMonitor::onStreamClosed(const StreamInfo& info) {
    std::lock_guard lock(_mutex);
    _streams.erase(info.roomId);
}

std::optional<IngestHealth> StreamHealthMonitor::snapshot(const std::string& roomId) const {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(_mutex);
    auto it = _streams.find(roomId);
    if (it == _streams.end()) return std::nullopt;
    Stats stats = it->second;
    trim(stats, now);
    IngestHealth health;
    health.broadcastId = stats.info.broadcastId;
    health.ingest = stats.info.ingest;
    health.encoder = stats.info.encoder;
    health.startedAt = stats.info.startedAt;
    std::size_t bytes = 0;
    std::size_t videoFrames = 0;
    for (const auto& sample : stats.window) {
        bytes += sample.bytes;
        videoFrames += sample.video ? 1 : 0;
    }
    // Measure over the time the window actually covers, so a young stream is not under-reported.
    double seconds = stats.window.size() > 1
                         ? std::chrono::duration<double>(stats.window.back().at - stats.window.front().at).count()
                         : 0;
    seconds = std::max(seconds, 1.0);
    health.bitrateKbps = static_cast<int>(std::lround(bytes * 8 / 1000.0 / seconds));
    for (const auto& track : stats.info.tracks) {
        if (track.kind == MediaKind::Video && !health.hasVideo) {
            health.hasVideo = true;
            health.videoCodec = std::string(codecName(track.codec));
            health.width = track.width;
            health.height = track.height;
            health.frameRate = track.frameRate;
        } else if (track.kind == MediaKind::Audio && !health.hasAudio) {
            health.hasAudio = true;
            health.audioCodec = std::string(codecName(track.codec));
            health.sampleRate = track.sampleRate;
            health.channels = track.channels;
        }
    }
    if (stats.frameDurationMs > 0) health.frameRate = std::round(10000.0 / stats.frameDurationMs) / 10.0;
    else if (videoFrames > 1) health.frameRate = std::round(videoFrames / seconds * 10.0) / 10.0;
    health.keyframeIntervalSeconds = stats.keyframeIntervalMs / 1000.0;
    health.bFrames = stats.bFrames;
    health.droppedFrames = stats.droppedFrames;
    health.lateFrames = stats.lateFrames;
    return health;
}

}  // namespace sockstream::core
