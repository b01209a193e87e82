#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "oidc/PendingLogin.h"

namespace sockstream::authgoogle {

/// Pending sign-ins keyed by a random handle, each usable once and only until
/// it expires. Bounded: when full, the oldest entry is dropped. Thread-safe.
class PendingLoginStore {
public:
    using Clock = std::chrono::steady_clock;

    PendingLoginStore(std::chrono::seconds ttl, std::size_t capacity);

    /// Stores the login (its createdAt is set to `now`) and returns its handle.
    std::string add(PendingLogin login, Clock::time_point now = Clock::now());
    /// Removes and returns the login; nullopt when unknown, already taken or expired.
    std::optional<PendingLogin> take(const std::string& handle, Clock::time_point now = Clock::now());
    std::size_t size() const;

private:
    void purgeExpired(Clock::time_point now);

    const std::chrono::seconds _ttl;
    const std::size_t _capacity;
    mutable std::mutex _mutex;
    std::unordered_map<std::string, PendingLogin> _logins;
    std::deque<std::string> _order;  ///< handles in insertion order (some may be taken already)
};

}  // namespace sockstream::authgoogle
