#include "sockstream-ratelimit/SlidingWindowLimiter.h"

#include <stdexcept>

namespace sockstream::lib::ratelimit {

SlidingWindowLimiter::SlidingWindowLimiter(std::size_t limit, std::chrono::milliseconds window,
                                                   std::size_t maxKeys)
    : _limit(limit), _window(window), _keys(maxKeys, kMaxKeyBytes) {
    if (limit == 0 || window.count() <= 0 || maxKeys == 0)
        throw std::invalid_argument("rate limiter needs a positive limit, window and key capacity");
}

SlidingWindowLimiter::Decision SlidingWindowLimiter::attempt(std::string_view key, Clock::time_point now) {
    std::lock_guard lock(_mutex);
    Attempts& attempts = _keys.use(key);
    dropExpired(attempts, now);
    if (attempts.size() >= _limit) {
        const auto wait = attempts.front() + _window - now;
        return {false, std::chrono::ceil<std::chrono::milliseconds>(wait)};
    }
    attempts.push_back(now);
    return {true, std::chrono::milliseconds{0}};
}

void SlidingWindowLimiter::forgive(std::string_view key) {
    std::lock_guard lock(_mutex);
    if (Attempts* attempts = _keys.find(key); attempts && !attempts->empty()) attempts->pop_back();
}

std::size_t SlidingWindowLimiter::trackedKeys() const {
    std::lock_guard lock(_mutex);
    return _keys.size();
}

void SlidingWindowLimiter::dropExpired(Attempts& attempts, Clock::time_point now) const {
    while (!attempts.empty() && attempts.front() + _window <= now) attempts.pop_front();
}

std::size_t SlidingWindowLimiter::prune(Clock::time_point now) {
    std::lock_guard lock(_mutex);
    return _keys.pruneIdle([&](Attempts& attempts) {
        dropExpired(attempts, now);
        return attempts.empty();
    });
}

}  // namespace sockstream::lib::ratelimit
