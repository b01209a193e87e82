#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "Container.h"
#include "sockstream/util/SealedBytes.h"

namespace sockstream::hls {

/// A finished part, segment or init section: written once, served to every viewer.
using MediaBytes = std::shared_ptr<const SealedBytes>;

struct PartRecord {
    int index = 0;
    std::int64_t durationMs = 0;
    bool independent = false;  ///< starts with a keyframe
    MediaBytes bytes;  ///< released once parts are no longer listed
};

struct SegmentRecord {
    std::int64_t msn = 0;
    std::int64_t initId = 0;
    bool discontinuity = false;
    bool independent = false;
    std::chrono::system_clock::time_point programDateTime;
    std::int64_t durationMs = 0;
    bool complete = false;
    std::vector<PartRecord> parts;
    MediaBytes bytes;  ///< set once complete
};

/// PART-HOLD-BACK: how far behind the live edge LL-HLS players stay (the
/// spec's minimum is two part targets; three absorbs one late part).
constexpr std::int64_t partHoldBackMs(std::int64_t partTargetMs) { return 3 * partTargetMs; }

/// Where a player joining now should start: a part that starts with a keyframe.
struct StartPoint {
    std::int64_t msn = 0;
    int part = 0;
    std::int64_t beforeEdgeMs = 0;  ///< from the part's start to the end of the last listed part
};

/// Whether a part or segment a client asked for exists, will exist soon, or never will.
enum class Availability { Available, Pending, Gone };

/// The segments of one broadcast: the listed window, the segments removed
/// from it (still fetchable for one more window) and the init sections.
/// Memory is bounded by two windows. Not thread-safe: the owner locks.
class Timeline {
public:
    /// `startHoldBackMs`: how far behind the live edge a joining player starts
    /// (the playlist's PART-HOLD-BACK); see startPoint().
    Timeline(Container container, std::size_t windowSegments, int listedPartSegments = 2,
             std::int64_t startHoldBackMs = 0);

    Container container() const { return _container; }
    std::size_t windowSegments() const { return _window; }

    void addInit(std::int64_t initId, MediaBytes bytes);
    /// Starts the next segment and returns its media sequence number.
    std::int64_t openSegment(std::chrono::system_clock::time_point programDateTime, bool discontinuity,
                             std::int64_t initId, bool independent);
    void addPart(std::int64_t durationMs, bool independent, MediaBytes bytes);
    void closeSegment(std::int64_t durationMs, MediaBytes bytes);
    void end() { _ended = true; ++_version; }

    bool ended() const { return _ended; }
    std::uint64_t version() const { return _version; }
    bool empty() const { return _segments.empty(); }
    /// The media sequence number the next openSegment() gets (1 before the first).
    std::int64_t nextMsn() const { return _nextMsn; }
    const std::deque<SegmentRecord>& segments() const { return _segments; }
    /// Index in segments() of the first listed segment.
    std::size_t firstListed() const;
    const SegmentRecord* openSegmentRecord() const;
    const SegmentRecord* find(std::int64_t msn) const;
    std::int64_t discontinuitySequence() const { return _discontinuitySequence; }
    std::int64_t longestSegmentMs() const { return _longestSegmentMs; }
    /// Number of listed segments that still list their parts.
    int listedPartSegments() const { return _listedPartSegments; }
    /// The newest listed part that starts with a keyframe at least the hold-back
    /// before the live edge (the oldest such part when all are nearer), so a
    /// player can start there and decode up to the live edge: with long
    /// keyframe intervals the segment at the hold-back often has no keyframe.
    std::optional<StartPoint> startPoint() const;
    /// Index in segments() of the first segment whose parts are listed (and kept):
    /// the last few, and back to the start point.
    std::size_t firstWithParts() const;
    /// Bytes held (segments, parts, init sections), for memory accounting.
    std::size_t memoryBytes() const;

    MediaBytes initBytes(std::int64_t initId) const;
    MediaBytes segmentBytes(std::int64_t msn) const;
    MediaBytes partBytes(std::int64_t msn, int part) const;

    /// For blocking reload and preload hints: has part `part` of segment `msn`
    /// (or the whole segment when part is -1) been published?
    Availability availability(std::int64_t msn, int part) const;

private:
    void trim();

    Container _container;
    std::size_t _window;
    int _listedPartSegments;
    std::int64_t _startHoldBackMs;
    std::deque<SegmentRecord> _segments;
    std::map<std::int64_t, MediaBytes> _inits;
    // The first segment is number 1, not 0: hls.js (1.7.4) keeps the parts of
    // segment 0 from being marked loaded (`appendedPart.fragment.sn || -1` in
    // its fragment tracker treats sn 0 as "none" and drops the fragment it is
    // appending), so a player that starts on them cannot continue part by part
    // into a segment without a keyframe and falls back to whole segments until
    // the next keyframe (docs/benchmarks.md, bench/start). The spec allows any
    // starting number (RFC 8216 4.3.3.2).
    std::int64_t _nextMsn = 1;
    std::int64_t _discontinuitySequence = 0;
    std::int64_t _longestSegmentMs = 0;
    std::uint64_t _version = 0;
    bool _ended = false;
};

}  // namespace sockstream::hls
