#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "AudioVideoAligner.h"
#include "Container.h"
#include "MemoryMuxer.h"
#include "Timeline.h"
#include "sockstream/media/MediaTypes.h"

namespace sockstream::hls {

struct SegmenterSettings {
    bool lowLatency = true;
    /// "auto": MPEG-TS for classic HLS of H.264/AAC, fMP4 otherwise.
    std::optional<Container> forcedContainer;
    std::int64_t targetDurationMs = 2000;
    std::int64_t partTargetMs = 334;
    /// The longest a segment may run (keyframe or not); 0: see segmentCeilingMs().
    std::int64_t maxSegmentMs = 0;
    /// A gap (or step back) larger than this on one track is a timestamp jump: new timeline.
    std::int64_t timestampJumpMs = 5000;
};

/// The longest segment a timeline ever has, so EXT-X-TARGETDURATION can be
/// announced from the first playlist and never change (RFC 8216bis 4.4.3.1):
/// the configured `maxSegmentMs`, or by default the target rounded up to whole
/// seconds with LL-HLS (parts carry the keyframes, segments need not) and four
/// targets for classic HLS (whose segments wait for a keyframe that long).
std::int64_t segmentCeilingMs(const SegmenterSettings& settings);

/// The latest keyframe of the lead video track, for thumbnails.
struct Keyframe {
    TrackInfo track;
    std::shared_ptr<const std::string> data;
    std::chrono::system_clock::time_point receivedAt;
};

/// Cuts one broadcast's packets into segments (at keyframes of the lead
/// track near the target duration, and anywhere a part may start rather than
/// run past segmentCeilingMs(); the first one of an LL-HLS timeline is short)
/// and LL-HLS parts, remuxes them with
/// MemoryMuxer and publishes them to a Timeline through `publish`, which the
/// owner uses to lock the timeline and wake waiting requests.
/// Driven by one thread (the ingest's); not thread-safe.
class Segmenter {
public:
    /// A decode time at most this far behind the previous one on a track is
    /// rounding (moved to just after it), not a timestamp jump.
    static constexpr std::int64_t kDecodeJitterMs = 10;

    using Publish = std::function<void(const std::function<void(Timeline&)>&)>;
    using Warn = std::function<void(const std::string&)>;

    Segmenter(SegmenterSettings settings, Publish publish, Warn warn);

    /// Chooses the container once from the first tracks: a timeline keeps one container.
    static Container chooseContainer(const SegmenterSettings& settings, const std::vector<TrackInfo>& tracks);

    /// New or changed tracks; a change of what is carried starts a new timeline (discontinuity).
    void setTracks(const std::vector<TrackInfo>& tracks);
    /// Takes a packet of the ingest; it reaches a part once AudioVideoAligner lets it through.
    void push(const MediaPacket& packet);
    /// Publishes what is buffered (encoder gone) and starts a new timeline with the next keyframe.
    void flush();

    Container container() const { return _container; }
    /// The tracks this container carries; empty with `refusal()` saying why.
    const std::vector<TrackInfo>& carriedTracks() const { return _carried; }
    const std::string& refusal() const { return _refusal; }
    std::optional<Keyframe> latestKeyframe() const { return _latestKeyframe; }

private:
    /// Boundaries, durations and limits are decided in milliseconds (the
    /// playlist's precision); packets reach the muxer with their own clock's
    /// exact times and durations.
    struct Held {
        MediaPacket packet;
        std::int64_t lastDurationTicks = 0;  ///< on the packet's clock
        bool cuttable = true;  ///< a part may start with this packet (see cuttable())
    };

    /// A packet in the order AudioVideoAligner chose.
    void pushAligned(const MediaPacket& packet);
    /// flush() without draining the aligner (what it still holds comes after this timeline).
    void endTimeline();
    void release(const MediaPacket& packet, std::int64_t durationTicks, bool cuttable);
    /// Whether a part may start with this lead packet: with B-frames only
    /// before a frame shown after every earlier one, so that consecutive parts'
    /// presentation times never overlap. (Chromium's hls.js unloads a part
    /// that overlaps the one before, and then reloads from the segment's first
    /// keyframe part, or, with none, stalls until the whole segment exists.)
    bool cuttable(const MediaPacket& packet) const;
    void cutBefore(const MediaPacket& packet, std::int64_t expectedDurationMs);
    static std::int64_t ms(const MediaTime& time) { return time.milliseconds(); }
    void startTimeline();
    void startMuxer();
    void startSegment(const MediaPacket& first, bool independent);
    void endPart(std::int64_t endDts);
    void endSegment(std::int64_t endDts);
    bool isLead(const MediaPacket& packet) const { return packet.trackId == _leadTrack; }
    bool leadSilent(std::int64_t dts) const;
    bool startsIndependentPart(const MediaPacket& packet) const;
    /// Whether a lead packet at `dts` (that a part may start with) starts a new
    /// segment (syncPoint: it is a keyframe; frameMs: how long it lasts).
    bool segmentDue(std::int64_t dts, bool syncPoint, std::int64_t frameMs) const;
    /// LL-HLS fMP4 of a video stream: INDEPENDENT=YES on parts marks every keyframe.
    bool partsCarryKeyframes() const;

    SegmenterSettings _settings;
    std::int64_t _ceilingMs;
    Publish _publish;
    Warn _warn;
    Container _container = Container::Fmp4;
    bool _containerChosen = false;
    std::vector<TrackInfo> _carried;
    std::string _refusal;
    int _leadTrack = -1;

    AudioVideoAligner _aligner;
    std::unique_ptr<MemoryMuxer> _muxer;
    std::map<int, Held> _held;
    std::optional<std::int64_t> _firstSeenDts;
    bool _timelineActive = false;
    std::optional<Keyframe> _latestKeyframe;
    bool _discontinuityPending = false;
    std::int64_t _nextInitId = 0;
    std::int64_t _currentInitId = -1;
    MediaTime _maxLeadPts{INT64_MIN / 2, MediaTime::kMillisecondRate};  ///< of lead packets pushed so far
    std::int64_t _lastCuttableDts = INT64_MIN / 2;
    std::int64_t _cuttableSpacingMs = 0;            ///< between the last two cuttable lead packets
    bool _segmentOpen = false;
    bool _segmentIndependent = false;
    bool _firstSegmentOfTimeline = false;
    std::chrono::system_clock::time_point _timelineWallStart;  ///< program date of the timeline's first segment
    std::int64_t _timelineStartDtsMs = 0;
    std::int64_t _segmentStartDts = 0;
    std::int64_t _partStartDts = 0;
    bool _partIndependent = false;
    bool _partHasData = false;
    std::int64_t _lastEndDts = 0;
    std::int64_t _lastLeadEndDts = 0;
    std::int64_t _lastLeadDts = INT64_MIN / 2;
    std::string _segmentBytes;  ///< fMP4 parts of the open segment, concatenated
};

}  // namespace sockstream::hls
