#include "MonotonicClock.h"

namespace sockstream::rtmp {

std::int64_t MonotonicClock::next(std::uint32_t rtmpTimestamp) {
    if (!_lastRaw) {
        _unwrapped = rtmpTimestamp;
    } else {
        // The signed 32-bit difference makes a wrap-around a small step forward.
        _unwrapped += static_cast<std::int32_t>(rtmpTimestamp - *_lastRaw);
    }
    _lastRaw = rtmpTimestamp;
    std::int64_t value = _unwrapped + _offset;
    if (value < _last) {
        if (_last - value > _resetThreshold) _offset += _last - value;
        value = _last;
    }
    _last = value;
    return value;
}

}  // namespace sockstream::rtmp
