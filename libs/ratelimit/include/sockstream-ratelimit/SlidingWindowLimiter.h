#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string_view>

#include "sockstream-ratelimit/LimitDecision.h"
#include "sockstream-ratelimit/RecentKeys.h"

namespace sockstream::lib::ratelimit {

/// At most `limit` attempts per key in any window of `window` (a sliding log,
/// so bursts at a window boundary cannot double the rate). Memory is bounded:
/// at most `maxKeys` keys, each with at most `limit` timestamps; when full,
/// the key idle the longest is forgotten. Thread-safe.
class SlidingWindowLimiter {
public:
    using Clock = std::chrono::steady_clock;
    /// When refused, retryAfter is how long until the oldest counted attempt leaves the window.
    using Decision = LimitDecision;

    static constexpr std::size_t kMaxKeyBytes = 256;

    /// Throws std::invalid_argument for a zero limit, window or key capacity.
    SlidingWindowLimiter(std::size_t limit, std::chrono::milliseconds window, std::size_t maxKeys);

    /// Counts an attempt when allowed; refused attempts are not counted, so a
    /// client that keeps retrying is let in again once the window has passed.
    Decision attempt(std::string_view key, Clock::time_point now = Clock::now());

    /// Uncounts the key's latest attempt: for counters of failures, where an
    /// attempt is counted before its outcome is known and forgiven when it succeeds.
    void forgive(std::string_view key);

    /// Forgets keys without attempts in the window; returns how many.
    std::size_t prune(Clock::time_point now = Clock::now());
    std::size_t trackedKeys() const;

private:
    using Attempts = std::deque<Clock::time_point>;

    void dropExpired(Attempts& attempts, Clock::time_point now) const;

    const std::size_t _limit;
    const std::chrono::milliseconds _window;
    mutable std::mutex _mutex;
    RecentKeys<Attempts> _keys;
};

}  // namespace sockstream::lib::ratelimit
