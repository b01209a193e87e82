#include "TsTimeline.h"

#include "sockstream/media/MediaTime.h"

namespace sockstream::srt {

namespace {
// Where the timeline goes on after a discontinuity: one 30 fps frame later.
constexpr std::int64_t kResumeGapTicks = TsTimeline::kClockRate / 30;
constexpr std::uint64_t kMask = (std::uint64_t{1} << TsTimeline::kWrapBits) - 1;
}  // namespace

std::int64_t TsTimeline::map(int track, std::uint64_t wire) {
    wire &= kMask;
    auto found = _tracks.find(track);
    if (!_offset) {
        // The first timestamp of the connection anchors every track.
        _offset = _startAt - static_cast<std::int64_t>(wire);
    }
    std::int64_t unwrapped;
    if (found == _tracks.end()) {
        // A track's first timestamp: unwrap near the others' (they share the program clock).
        std::int64_t reference = -*_offset + _startAt;
        for (const auto& [id, other] : _tracks) reference = other.lastUnwrapped;
        unwrapped = unwrapTicks(reference, wire, kWrapBits);
        found = _tracks.emplace(track, Track{}).first;
    } else {
        unwrapped = unwrapTicks(found->second.lastUnwrapped, wire, kWrapBits);
        // Judged on the bus timeline: when another track already closed up
        // this jump, the shared offset lands this one near where it was too.
        const std::int64_t step = unwrapped + *_offset - found->second.lastMapped;
        if (step > _maxJump || step < -_maxJump) {
            // The encoder's clock jumped: keep this track's timeline going, and
            // the others follow with the same new offset.
            _offset = found->second.lastMapped + kResumeGapTicks - unwrapped;
            ++_discontinuities;
        }
    }
    found->second.lastUnwrapped = unwrapped;
    found->second.lastMapped = unwrapped + *_offset;
    return found->second.lastMapped;
}

std::int64_t TsTimeline::mapRelated(int track, std::uint64_t wire) const {
    wire &= kMask;
    const auto found = _tracks.find(track);
    if (found == _tracks.end() || !_offset) return 0;
    return unwrapTicks(found->second.lastUnwrapped, wire, kWrapBits) + *_offset;
}

}  // namespace sockstream::srt
