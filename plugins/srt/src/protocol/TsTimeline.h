#pragma once

#include <cstdint>
#include <map>
#include <optional>

namespace sockstream::srt {

/// Turns MPEG-TS timestamps (33-bit, 90 kHz, per elementary stream) into one
/// continuous 64-bit 90 kHz timeline for the media bus:
/// - a 33-bit wrap (every 26.5 hours) becomes a small step forward;
/// - a discontinuity (the encoder restarted its clock: a jump of more than
///   `maxJumpTicks` either way) is closed up, for every track alike, so the
///   timeline goes on one frame after where it was;
/// - `startAt` places the first timestamp (0 for a new broadcast, just after
///   where a resumed broadcast stopped).
class TsTimeline {
public:
    static constexpr std::int64_t kClockRate = 90'000;
    static constexpr int kWrapBits = 33;

    explicit TsTimeline(std::int64_t startAt = 0, std::int64_t maxJumpTicks = 10 * kClockRate)
        : _startAt(startAt), _maxJump(maxJumpTicks) {}

    /// The bus time of a wire timestamp (dts, or pts when that is all there is) on `track`.
    std::int64_t map(int track, std::uint64_t wire);
    /// The same shift for a second timestamp of that packet (pts after dts), without unwrapping state changes.
    std::int64_t mapRelated(int track, std::uint64_t wire) const;
    /// True once a discontinuity was closed up (for the log).
    int discontinuities() const { return _discontinuities; }

private:
    struct Track {
        std::int64_t lastUnwrapped = 0;
        std::int64_t lastMapped = 0;
    };
    std::int64_t _startAt;
    std::int64_t _maxJump;
    std::optional<std::int64_t> _offset;  ///< added to unwrapped wire time
    std::map<int, Track> _tracks;
    int _discontinuities = 0;
};

}  // namespace sockstream::srt
