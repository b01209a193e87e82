#pragma once

#include <cstdint>
#include <optional>

namespace sockstream::rtmp {

/// Turns one track's 32-bit RTMP timestamps into a 64-bit timeline that never
/// goes back: wrap-around is unwrapped, small backward steps are held at the
/// last value and a large reset continues from where the track was.
class MonotonicClock {
public:
    explicit MonotonicClock(std::int64_t resetThresholdMs = 1000) : _resetThreshold(resetThresholdMs) {}
    std::int64_t next(std::uint32_t rtmpTimestamp);

private:
    std::int64_t _resetThreshold;
    std::optional<std::uint32_t> _lastRaw;
    std::int64_t _unwrapped = 0;
    std::int64_t _offset = 0;
    std::int64_t _last = 0;
};

}  // namespace sockstream::rtmp
