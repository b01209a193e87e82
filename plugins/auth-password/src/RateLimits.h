#pragma once

#include <memory>
#include <string_view>

#include "AuthPasswordConfig.h"
#include "SlidingWindowRateLimiter.h"

namespace sockstream::authpassword {

/// The four counters the routes consult: sign-in and sign-up, each per client
/// IP and per email. Disabled limits allow everything.
class RateLimits {
public:
    explicit RateLimits(const AuthPasswordConfig& config);

    enum class Action { SignIn, SignUp };

    /// Count one attempt; throw RateLimited when the key is over its limit.
    void checkAddress(Action action, std::string_view address);
    void checkEmail(Action action, std::string_view email);
    void prune();

private:
    void check(SlidingWindowRateLimiter* limiter, std::string_view key);

    std::unique_ptr<SlidingWindowRateLimiter> _signInByAddress;
    std::unique_ptr<SlidingWindowRateLimiter> _signInByEmail;
    std::unique_ptr<SlidingWindowRateLimiter> _signUpByAddress;
    std::unique_ptr<SlidingWindowRateLimiter> _signUpByEmail;
};

}  // namespace sockstream::authpassword
