#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace sockstream::chat {

/// Sliding-window limit per key (user id): at most `limit` events per window.
/// Not thread-safe; the owner serialises calls.
class RateLimiter {
public:
    RateLimiter(std::size_t limit, std::int64_t windowMs) : _limit(limit), _windowMs(windowMs) {}

    /// Records an event at `nowMs` and returns true, or returns false (nothing recorded).
    bool tryAcquire(const std::string& key, std::int64_t nowMs);
    /// Forgets keys whose window has passed, so idle users cost nothing.
    void prune(std::int64_t nowMs);
    std::size_t trackedKeys() const { return _events.size(); }

private:
    std::size_t _limit;
    std::int64_t _windowMs;
    std::unordered_map<std::string, std::vector<std::int64_t>> _events;
};

}  // namespace sockstream::chat
