#include "logic/RateLimiter.h"

#include <algorithm>

namespace sockstream::chat {

bool RateLimiter::tryAcquire(const std::string& key, std::int64_t nowMs) {
    if (_limit == 0) return false;
    auto& times = _events[key];
    const std::int64_t horizon = nowMs - _windowMs;
    times.erase(times.begin(), std::find_if(times.begin(), times.end(), [&](std::int64_t t) { return t > horizon; }));
    if (times.size() >= _limit) return false;
    times.push_back(nowMs);
    return true;
}

void RateLimiter::prune(std::int64_t nowMs) {
    const std::int64_t horizon = nowMs - _windowMs;
    for (auto it = _events.begin(); it != _events.end();) {
        if (it->second.empty() || it->second.back() <= horizon) it = _events.erase(it);
        else ++it;
    }
}

}  // namespace sockstream::chat
