#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sockstream::authpassword {

/// At most `limit` attempts per key in any window of `window` (a sliding log,
/// so bursts at a window boundary cannot double the rate). Memory is bounded:
/// at most `maxKeys` keys, each with at most `limit` timestamps; when full,
/// the key idle the longest is forgotten. Thread-safe.
class SlidingWindowRateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    struct Decision {
        bool allowed = true;
        /// When refused: how long until the oldest counted attempt leaves the window.
        std::chrono::milliseconds retryAfter{0};
        /// retryAfter rounded up to whole seconds (at least 1), for the Retry-After header.
        long retryAfterSeconds() const;
    };

    static constexpr std::size_t kMaxKeyBytes = 256;

    /// Throws std::invalid_argument for a zero limit, window or key capacity.
    SlidingWindowRateLimiter(std::size_t limit, std::chrono::milliseconds window, std::size_t maxKeys);

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
    struct Entry {
        std::deque<Clock::time_point> attempts;
        std::list<std::string>::iterator recency;
    };

    void dropExpired(Entry& entry, Clock::time_point now) const;
    void makeRoom(Clock::time_point now);  // caller holds _mutex

    const std::size_t _limit;
    const std::chrono::milliseconds _window;
    const std::size_t _maxKeys;
    mutable std::mutex _mutex;
    std::unordered_map<std::string, Entry> _entries;
    std::list<std::string> _byRecency;  ///< most recently attempted first
};

}  // namespace sockstream::authpassword
