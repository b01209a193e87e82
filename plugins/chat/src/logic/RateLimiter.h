#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sockstream-ratelimit/SlidingWindowLimiter.h"

namespace sockstream::chat {

/// Sliding-window limit per key (user id, connection, address): at most
/// `limit` events per window. The chat's millisecond clock over the shared
/// limiter of libs/ratelimit, which also bounds memory: at most kMaxKeys keys,
/// the one idle the longest forgotten first.
class RateLimiter {
public:
    static constexpr std::size_t kMaxKeys = 1'000'000;

    RateLimiter(std::size_t limit, std::int64_t windowMs);

    /// Records an event at `nowMs` and returns true, or returns false (nothing recorded).
    bool tryAcquire(const std::string& key, std::int64_t nowMs);
    /// Forgets keys whose window has passed, so idle users cost nothing.
    void prune(std::int64_t nowMs);
    std::size_t trackedKeys() const { return _limiter.trackedKeys(); }

private:
    static lib::ratelimit::SlidingWindowLimiter::Clock::time_point at(std::int64_t nowMs);

    lib::ratelimit::SlidingWindowLimiter _limiter;
};

}  // namespace sockstream::chat
