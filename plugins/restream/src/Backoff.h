#pragma once

#include <chrono>

namespace sockstream::restream {

/// Exponential reconnect delays: `min`, then doubling up to `max`. A
/// connection that stayed up for `stableAfter` resets it, so one drop after an
/// hour of streaming is retried quickly while a destination that refuses every
/// attempt is not hammered. Not thread-safe (one destination's worker owns it).
class Backoff {
public:
    Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max,
            std::chrono::milliseconds stableAfter = std::chrono::seconds(30));

    /// The delay before the next attempt; each call doubles the following one.
    std::chrono::milliseconds next();
    /// A connection that lasted `uptime` ended: a long one starts over from `min`.
    void connectionEnded(std::chrono::milliseconds uptime);
    void reset() { _current = _min; _attempts = 0; }
    int attempts() const { return _attempts; }

private:
    std::chrono::milliseconds _min;
    std::chrono::milliseconds _max;
    std::chrono::milliseconds _stableAfter;
    std::chrono::milliseconds _current;
    int _attempts = 0;
};

}  // namespace sockstream::restream
