#pragma once

#include <chrono>

namespace sockstream::lib::ratelimit {

/// A limiter's answer to one attempt.
struct LimitDecision {
    bool allowed = true;
    /// When refused: how long until the key may try again.
    std::chrono::milliseconds retryAfter{0};

    /// retryAfter rounded up to whole seconds (at least 1), for the Retry-After header.
    long retryAfterSeconds() const {
        const long seconds = static_cast<long>((retryAfter.count() + 999) / 1000);
        return seconds < 1 ? 1 : seconds;
    }
};

}  // namespace sockstream::lib::ratelimit
