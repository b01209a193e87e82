#include "SlidingWindowRateLimiter.h"

#include <stdexcept>

namespace sockstream::authpassword {

long SlidingWindowRateLimiter::Decision::retryAfterSeconds() const {
    const long seconds = static_cast<long>((retryAfter.count() + 999) / 1000);
    return seconds < 1 ? 1 : seconds;
}

SlidingWindowRateLimiter::SlidingWindowRateLimiter(std::size_t limit, std::chrono::milliseconds window,
                                                   std::size_t maxKeys)
    : _limit(limit), _window(window), _maxKeys(maxKeys) {
    if (limit == 0 || window.count() <= 0 || maxKeys == 0)
        throw std::invalid_argument("rate limiter needs a positive limit, window and key capacity");
}

SlidingWindowRateLimiter::Decision SlidingWindowRateLimiter::attempt(std::string_view rawKey,
                                                                     Clock::time_point now) {
    // Keys come from requests; cap them so one key cannot be large.
    const std::string key(rawKey.substr(0, kMaxKeyBytes));
    std::lock_guard lock(_mutex);
    auto found = _entries.find(key);
    if (found == _entries.end()) {
        makeRoom(now);
        _byRecency.push_front(key);
        found = _entries.emplace(key, Entry{{}, _byRecency.begin()}).first;
    }
    Entry& entry = found->second;
    dropExpired(entry, now);
    _byRecency.splice(_byRecency.begin(), _byRecency, entry.recency);
    if (entry.attempts.size() >= _limit) {
        const auto wait = entry.attempts.front() + _window - now;
        return {false, std::chrono::ceil<std::chrono::milliseconds>(wait)};
    }
    entry.attempts.push_back(now);
    return {true, std::chrono::milliseconds{0}};
}

void SlidingWindowRateLimiter::forgive(std::string_view rawKey) {
    const std::string key(rawKey.substr(0, kMaxKeyBytes));
    std::lock_guard lock(_mutex);
    auto found = _entries.find(key);
    if (found != _entries.end() && !found->second.attempts.empty()) found->second.attempts.pop_back();
}

std::size_t SlidingWindowRateLimiter::trackedKeys() const {
    std::lock_guard lock(_mutex);
    return _entries.size();
}

void SlidingWindowRateLimiter::dropExpired(Entry& entry, Clock::time_point now) const {
    while (!entry.attempts.empty() && entry.attempts.front() + _window <= now) entry.attempts.pop_front();
}

void SlidingWindowRateLimiter::makeRoom(Clock::time_point now) {
    // The idlest key goes: its attempts are the oldest, the likeliest to have
    // left the window already.
    while (_entries.size() >= _maxKeys) {
        _entries.erase(_byRecency.back());
        _byRecency.pop_back();
    }
}

std::size_t SlidingWindowRateLimiter::prune(Clock::time_point now) {
    std::lock_guard lock(_mutex);
    std::size_t removed = 0;
    // Scans from the idle end and stops at the first key still in use: cheap,
    // and enough to return memory after a burst of one-off keys.
    while (!_byRecency.empty()) {
        auto found = _entries.find(_byRecency.back());
        dropExpired(found->second, now);
        if (!found->second.attempts.empty()) break;
        _entries.erase(found);
        _byRecency.pop_back();
        ++removed;
    }
    return removed;
}

}  // namespace sockstream::authpassword
