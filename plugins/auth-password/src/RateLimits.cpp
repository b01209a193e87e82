#include "RateLimits.h"

#include "ClientAddressKey.h"
#include "RateLimited.h"

namespace sockstream::authpassword {

RateLimits::RateLimits(const AuthPasswordConfig& config) {
    if (!config.rateLimitEnabled) return;
    const auto make = [&] {
        return std::make_unique<SlidingWindowRateLimiter>(
            config.rateLimitAttempts, std::chrono::duration_cast<std::chrono::milliseconds>(config.rateLimitWindow),
            config.rateLimitMaxTrackedKeys);
    };
    _signInByAddress = make();
    _signInByEmail = make();
    _signUpByAddress = make();
    _signUpByEmail = make();
}

void RateLimits::checkAddress(Action action, std::string_view address) {
    check(action == Action::SignIn ? _signInByAddress.get() : _signUpByAddress.get(), ClientAddressKey::of(address));
}

void RateLimits::checkEmail(Action action, std::string_view email) {
    check(action == Action::SignIn ? _signInByEmail.get() : _signUpByEmail.get(), email);
}

void RateLimits::prune() {
    for (auto* limiter : {_signInByAddress.get(), _signInByEmail.get(), _signUpByAddress.get(), _signUpByEmail.get()})
        if (limiter) limiter->prune();
}

void RateLimits::check(SlidingWindowRateLimiter* limiter, std::string_view key) {
    if (!limiter) return;
    const auto decision = limiter->attempt(key);
    if (!decision.allowed) throw RateLimited(decision.retryAfterSeconds());
}

}  // namespace sockstream::authpassword
