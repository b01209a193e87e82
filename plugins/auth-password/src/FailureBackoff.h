#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string_view>

#include "sockstream-ratelimit/LimitDecision.h"
#include "sockstream-ratelimit/RecentKeys.h"

namespace sockstream::authpassword {

/// Exponential back-off per key after repeated failures: the first
/// `freeFailures` failures cost nothing, each one after that makes the key
/// wait twice as long as the last (from `initialDelay` up to `maxDelay`).
/// A success forgets the key. Used per (client address, account): an attacker
/// guessing one account's password slows only themselves, never the owner
/// signing in from another address.
///
/// An allowed attempt is counted as a failure straight away and forgiven by
/// succeeded(): parallel guesses cannot all slip past the check before the
/// first one has failed. Memory is bounded: at most `maxKeys` keys, the idlest
/// forgotten first; a key idle for four times `maxDelay` starts afresh.
/// Thread-safe.
class FailureBackoff {
public:
    using Clock = std::chrono::steady_clock;

    /// When refused, retryAfter is how long until the key may try again.
    using Decision = lib::ratelimit::LimitDecision;

    static constexpr std::size_t kMaxKeyBytes = 600;

    /// Throws std::invalid_argument for a zero delay or key capacity, or maxDelay < initialDelay.
    FailureBackoff(std::size_t freeFailures, std::chrono::milliseconds initialDelay,
                   std::chrono::milliseconds maxDelay, std::size_t maxKeys);

    /// Refused while the key is waiting; otherwise counts one failure (see above).
    Decision attempt(std::string_view key, Clock::time_point now = Clock::now());
    /// The attempt succeeded: forget the key's failures.
    void succeeded(std::string_view key);

    /// Forgets keys idle long enough to start afresh; returns how many.
    std::size_t prune(Clock::time_point now = Clock::now());
    std::size_t trackedKeys() const;

private:
    struct Entry {
        std::size_t failures = 0;
        Clock::time_point lastAttempt{};
        Clock::time_point notBefore{};
    };

    std::chrono::milliseconds delayAfter(std::size_t failures) const;
    bool stale(const Entry& entry, Clock::time_point now) const;

    const std::size_t _freeFailures;
    const std::chrono::milliseconds _initialDelay;
    const std::chrono::milliseconds _maxDelay;
    mutable std::mutex _mutex;
    lib::ratelimit::RecentKeys<Entry> _keys;
};

}  // namespace sockstream::authpassword
