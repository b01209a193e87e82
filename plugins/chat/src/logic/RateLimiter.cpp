#include "logic/RateLimiter.h"

namespace sockstream::chat {

RateLimiter::RateLimiter(std::size_t limit, std::int64_t windowMs)
    : _limiter(limit, std::chrono::milliseconds(windowMs), kMaxKeys) {}

lib::ratelimit::SlidingWindowLimiter::Clock::time_point RateLimiter::at(std::int64_t nowMs) {
    // Only differences between times matter to the limiter, so any epoch will do.
    return lib::ratelimit::SlidingWindowLimiter::Clock::time_point(std::chrono::milliseconds(nowMs));
}

bool RateLimiter::tryAcquire(const std::string& key, std::int64_t nowMs) {
    return _limiter.attempt(key, at(nowMs)).allowed;
}

void RateLimiter::prune(std::int64_t nowMs) { _limiter.prune(at(nowMs)); }

}  // namespace sockstream::chat
