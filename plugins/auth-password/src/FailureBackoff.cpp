#include "FailureBackoff.h"

#include <stdexcept>

namespace sockstream::authpassword {

FailureBackoff::FailureBackoff(std::size_t freeFailures, std::chrono::milliseconds initialDelay,
                               std::chrono::milliseconds maxDelay, std::size_t maxKeys)
    : _freeFailures(freeFailures), _initialDelay(initialDelay), _maxDelay(maxDelay), _keys(maxKeys, kMaxKeyBytes) {
    if (initialDelay.count() <= 0 || maxDelay < initialDelay || maxKeys == 0)
        throw std::invalid_argument("back-off needs a positive delay, a maximum at least as long and a key capacity");
}

std::chrono::milliseconds FailureBackoff::delayAfter(std::size_t failures) const {
    if (failures < _freeFailures) return std::chrono::milliseconds{0};
    std::chrono::milliseconds delay = _initialDelay;
    // Doubling stops at the cap, so the loop is short and cannot overflow.
    for (std::size_t extra = failures - _freeFailures; extra > 0 && delay < _maxDelay; --extra) delay *= 2;
    return delay < _maxDelay ? delay : _maxDelay;
}

bool FailureBackoff::stale(const Entry& entry, Clock::time_point now) const {
    return entry.lastAttempt + 4 * _maxDelay <= now;
}

FailureBackoff::Decision FailureBackoff::attempt(std::string_view key, Clock::time_point now) {
    std::lock_guard lock(_mutex);
    Entry& entry = _keys.use(key);
    if (stale(entry, now)) entry = Entry{};
    if (now < entry.notBefore)
        return {false, std::chrono::ceil<std::chrono::milliseconds>(entry.notBefore - now)};
    entry.failures += 1;
    entry.lastAttempt = now;
    entry.notBefore = now + delayAfter(entry.failures);
    return {true, std::chrono::milliseconds{0}};
}

void FailureBackoff::succeeded(std::string_view key) {
    std::lock_guard lock(_mutex);
    _keys.erase(key);
}

std::size_t FailureBackoff::prune(Clock::time_point now) {
    std::lock_guard lock(_mutex);
    return _keys.pruneIdle([&](const Entry& entry) { return stale(entry, now); });
}

std::size_t FailureBackoff::trackedKeys() const {
    std::lock_guard lock(_mutex);
    return _keys.size();
}

}  // namespace sockstream::authpassword
