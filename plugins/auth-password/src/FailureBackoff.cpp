#include "FailureBackoff.h"

#include <stdexcept>

namespace sockstream::authpassword {

long FailureBackoff::Decision::retryAfterSeconds() const {
    const long seconds = static_cast<long>((retryAfter.count() + 999) / 1000);
    return seconds < 1 ? 1 : seconds;
}

FailureBackoff::FailureBackoff(std::size_t freeFailures, std::chrono::milliseconds initialDelay,
                               std::chrono::milliseconds maxDelay, std::size_t maxKeys)
    : _freeFailures(freeFailures), _initialDelay(initialDelay), _maxDelay(maxDelay), _maxKeys(maxKeys) {
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

FailureBackoff::Decision FailureBackoff::attempt(std::string_view rawKey, Clock::time_point now) {
    // Keys come from requests; cap them so one key cannot be large.
    const std::string key(rawKey.substr(0, kMaxKeyBytes));
    std::lock_guard lock(_mutex);
    auto found = _entries.find(key);
    if (found != _entries.end() && stale(found->second, now)) {
        _byRecency.erase(found->second.recency);
        _entries.erase(found);
        found = _entries.end();
    }
    if (found == _entries.end()) {
        // The idlest key goes: it is the likeliest to have finished waiting.
        while (_entries.size() >= _maxKeys) {
            _entries.erase(_byRecency.back());
            _byRecency.pop_back();
        }
        _byRecency.push_front(key);
        found = _entries.emplace(key, Entry{0, now, now, _byRecency.begin()}).first;
    }
    Entry& entry = found->second;
    _byRecency.splice(_byRecency.begin(), _byRecency, entry.recency);
    if (now < entry.notBefore)
        return {false, std::chrono::ceil<std::chrono::milliseconds>(entry.notBefore - now)};
    entry.failures += 1;
    entry.lastAttempt = now;
    entry.notBefore = now + delayAfter(entry.failures);
    return {true, std::chrono::milliseconds{0}};
}

void FailureBackoff::succeeded(std::string_view rawKey) {
    const std::string key(rawKey.substr(0, kMaxKeyBytes));
    std::lock_guard lock(_mutex);
    auto found = _entries.find(key);
    if (found == _entries.end()) return;
    _byRecency.erase(found->second.recency);
    _entries.erase(found);
}

std::size_t FailureBackoff::prune(Clock::time_point now) {
    std::lock_guard lock(_mutex);
    std::size_t removed = 0;
    // From the idle end, up to the first key still in use.
    while (!_byRecency.empty()) {
        auto found = _entries.find(_byRecency.back());
        if (!stale(found->second, now)) break;
        _entries.erase(found);
        _byRecency.pop_back();
        ++removed;
    }
    return removed;
}

std::size_t FailureBackoff::trackedKeys() const {
    std::lock_guard lock(_mutex);
    return _entries.size();
}

}  // namespace sockstream::authpassword
