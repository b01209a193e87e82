#pragma once

#include <stdexcept>

namespace sockstream::authpassword {

/// Thrown when a client is over a rate limit; the route answers 429 with
/// Retry-After (core's HttpError carries no headers).
class RateLimited : public std::runtime_error {
public:
    explicit RateLimited(long retryAfterSeconds)
        : std::runtime_error("too many attempts"), _retryAfterSeconds(retryAfterSeconds) {}
    long retryAfterSeconds() const { return _retryAfterSeconds; }

private:
    long _retryAfterSeconds;
};

}  // namespace sockstream::authpassword
