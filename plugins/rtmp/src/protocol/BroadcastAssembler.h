#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "FlvAudioTag.h"
#include "FlvVideoTag.h"
#include "MonotonicClock.h"
#include "RtmpLimits.h"
#include "SessionEvents.h"
#include "StreamMetadata.h"

namespace sockstream::rtmp {

/// Turns parsed FLV tags into tracks and packets for the media bus. Holds the
/// first frames back until the sequence headers of every track onMetaData
/// announced are in (or the wait runs out), so packagers get codec config
/// before the first packet.
class BroadcastAssembler {
public:
    static constexpr int kVideoTrack = 0;
    static constexpr int kAudioTrack = 1;

    BroadcastAssembler(const RtmpLimits& limits, SessionEvents& events);

    void setFallbackEncoder(std::string encoder) { _fallbackEncoder = std::move(encoder); }
    /// A resumed broadcast continues the timeline it had: the first packet gets
    /// `dts` and every later one keeps its distance from it (A/V sync holds).
    void continueTimelineAt(std::int64_t dts) { _timelineStart = dts; }
    void onMetadata(const StreamMetadata& metadata);
    void onVideo(FlvVideoTag tag, std::uint32_t timestamp, std::chrono::system_clock::time_point receivedAt);
    void onAudio(FlvAudioTag tag, std::uint32_t timestamp, std::chrono::system_clock::time_point receivedAt);
    /// Opens the stream with what is there (e.g. before a normal unpublish).
    void flush();

    bool opened() const { return _opened; }
    std::vector<TrackInfo> tracks() const;

private:
    void onTrackConfig(TrackInfo track);
    void onPacket(MediaPacket packet);
    void maybeOpen();
    void open();
    bool hasTrack(int id) const;
    std::int64_t onTimeline(std::int64_t clockValue);

    const RtmpLimits& _limits;
    SessionEvents& _events;
    std::optional<StreamMetadata> _metadata;
    std::optional<TrackInfo> _video;
    std::optional<TrackInfo> _audio;
    MonotonicClock _videoClock;
    MonotonicClock _audioClock;
    std::optional<std::int64_t> _timelineStart;
    std::optional<std::int64_t> _timelineOffset;
    std::deque<MediaPacket> _pending;
    std::size_t _pendingBytes = 0;
    bool _opened = false;
    std::string _fallbackEncoder;
};

}  // namespace sockstream::rtmp
