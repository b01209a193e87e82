#include "Timeline.h"

#include <algorithm>
#include <set>

namespace sockstream::hls {

Timeline::Timeline(Container container, std::size_t windowSegments, int listedPartSegments,
                   std::int64_t startHoldBackMs)
    : _container(container), _window(std::max<std::size_t>(windowSegments, 1)),
      _listedPartSegments(std::max(listedPartSegments, 1)), _startHoldBackMs(std::max<std::int64_t>(startHoldBackMs, 0)) {}

void Timeline::addInit(std::int64_t initId, MediaBytes bytes) {
    _inits[initId] = std::move(bytes);
}

std::int64_t Timeline::openSegment(std::chrono::system_clock::time_point programDateTime, bool discontinuity,
                                   std::int64_t initId, bool independent) {
    SegmentRecord segment;
    segment.msn = _nextMsn++;
    segment.initId = initId;
    segment.discontinuity = discontinuity && !_segments.empty();
    segment.independent = independent;
    segment.programDateTime = programDateTime;
    _segments.push_back(std::move(segment));
    ++_version;
    return _segments.back().msn;
}

void Timeline::addPart(std::int64_t durationMs, bool independent, MediaBytes bytes) {
    if (_segments.empty() || _segments.back().complete) return;
    auto& segment = _segments.back();
    segment.parts.push_back(PartRecord{static_cast<int>(segment.parts.size()), durationMs, independent, std::move(bytes)});
    ++_version;
}

void Timeline::closeSegment(std::int64_t durationMs, MediaBytes bytes) {
    if (_segments.empty() || _segments.back().complete) return;
    auto& segment = _segments.back();
    segment.complete = true;
    segment.durationMs = durationMs;
    segment.bytes = std::move(bytes);
    _longestSegmentMs = std::max(_longestSegmentMs, durationMs);
    trim();
    ++_version;
}

std::size_t Timeline::firstListed() const {
    std::size_t complete = 0;
    for (const auto& segment : _segments)
        if (segment.complete) ++complete;
    std::size_t hidden = complete > _window ? complete - _window : 0;
    return hidden;  // complete segments come first: only the last one may be open
}

void Timeline::trim() {
    // Segments that leave the listed window carry their discontinuities into
    // EXT-X-DISCONTINUITY-SEQUENCE; they stay fetchable for one more window.
    std::size_t complete = 0;
    for (const auto& segment : _segments)
        if (segment.complete) ++complete;
    if (complete > _window) {
        const auto& leaving = _segments[complete - _window - 1];
        if (leaving.discontinuity) ++_discontinuitySequence;
    }
    while (complete > 2 * _window && _segments.front().complete) {
        _segments.pop_front();
        --complete;
    }

    // Parts are listed only near the live edge (and back to the start point);
    // their bytes can go one segment later.
    std::size_t keepPartsFrom = firstWithParts();
    keepPartsFrom = keepPartsFrom > 0 ? keepPartsFrom - 1 : 0;
    for (std::size_t i = 0; i < keepPartsFrom; ++i)
        for (auto& part : _segments[i].parts) part.bytes.reset();

    std::set<std::int64_t> usedInits;
    for (const auto& segment : _segments) usedInits.insert(segment.initId);
    std::erase_if(_inits, [&](const auto& entry) { return !usedInits.count(entry.first); });
}

std::size_t Timeline::firstWithParts() const {
    std::size_t first = firstListed();
    std::size_t from = _segments.size();
    int withParts = 0;
    for (std::size_t i = _segments.size(); i-- > first;) {
        if (_segments[i].complete && ++withParts > _listedPartSegments) break;
        from = i;
    }
    if (auto start = startPoint())
        from = std::min(from, static_cast<std::size_t>(start->msn - _segments.front().msn));
    return from;
}

std::optional<StartPoint> Timeline::startPoint() const {
    // Walk the listed parts from the newest, measuring from the live edge.
    std::int64_t fromEdge = 0;
    std::optional<StartPoint> oldest;
    std::size_t first = firstListed();
    for (std::size_t i = _segments.size(); i-- > first;) {
        const auto& segment = _segments[i];
        // A complete segment is exactly its parts; classic HLS segments have none.
        std::int64_t before = fromEdge;
        for (auto part = segment.parts.rbegin(); part != segment.parts.rend(); ++part) {
            before += part->durationMs;  // now from this part's start to the edge
            if (!part->independent || !part->bytes) continue;
            StartPoint point{segment.msn, part->index, before};
            if (before >= _startHoldBackMs) return point;
            oldest = point;
        }
        if (segment.complete) fromEdge += segment.durationMs;
        else fromEdge = before;
    }
    return oldest;
}

const SegmentRecord* Timeline::openSegmentRecord() const {
    if (_segments.empty() || _segments.back().complete) return nullptr;
    return &_segments.back();
}

const SegmentRecord* Timeline::find(std::int64_t msn) const {
    if (_segments.empty()) return nullptr;
    std::int64_t first = _segments.front().msn;
    if (msn < first || msn - first >= static_cast<std::int64_t>(_segments.size())) return nullptr;
    return &_segments[static_cast<std::size_t>(msn - first)];
}

std::size_t Timeline::memoryBytes() const {
    std::size_t total = 0;
    for (const auto& segment : _segments) {
        if (segment.bytes) total += segment.bytes->size();
        for (const auto& part : segment.parts)
            if (part.bytes) total += part.bytes->size();
    }
    for (const auto& [id, bytes] : _inits)
        if (bytes) total += bytes->size();
    return total;
}

MediaBytes Timeline::initBytes(std::int64_t initId) const {
    auto found = _inits.find(initId);
    return found == _inits.end() ? nullptr : found->second;
}

MediaBytes Timeline::segmentBytes(std::int64_t msn) const {
    const auto* segment = find(msn);
    return segment && segment->complete ? segment->bytes : nullptr;
}

MediaBytes Timeline::partBytes(std::int64_t msn, int part) const {
    const auto* segment = find(msn);
    if (!segment || part < 0 || part >= static_cast<int>(segment->parts.size())) return nullptr;
    return segment->parts[static_cast<std::size_t>(part)].bytes;
}

Availability Timeline::availability(std::int64_t msn, int part) const {
    if (_segments.empty()) return _ended ? Availability::Gone : Availability::Pending;
    std::int64_t next = _nextMsn;
    if (msn >= next) return _ended ? Availability::Gone : Availability::Pending;
    const auto* segment = find(msn);
    if (!segment) return Availability::Gone;
    if (part < 0) return segment->complete ? Availability::Available : Availability::Pending;
    if (part < static_cast<int>(segment->parts.size())) return Availability::Available;
    // Asked for a part past the end of a finished segment: the next segment's first part answers it.
    if (segment->complete) {
        const auto* following = find(msn + 1);
        if (following && !following->parts.empty()) return Availability::Available;
        return _ended ? Availability::Gone : Availability::Pending;
    }
    return _ended ? Availability::Gone : Availability::Pending;
}

}  // namespace sockstream::hls
