#include "RateLimits.h"

#include "sockstream-ratelimit/AddressKey.h"
#include "RateLimited.h"

namespace sockstream::authpassword {
namespace {

void check(lib::ratelimit::SlidingWindowLimiter* limiter, std::string_view key) {
    if (!limiter) return;
    const auto decision = limiter->attempt(key);
    if (!decision.allowed) throw RateLimited(decision.retryAfterSeconds());
}

}  // namespace

RateLimits::RateLimits(const AuthPasswordConfig& config) {
    if (!config.rateLimitEnabled) return;
    const auto window = [&] {
        return std::make_unique<lib::ratelimit::SlidingWindowLimiter>(
            config.rateLimitAttempts, std::chrono::duration_cast<std::chrono::milliseconds>(config.rateLimitWindow),
            config.rateLimitMaxTrackedKeys);
    };
    _signInFailuresByAddress = window();
    _signInBackoffByAddressAndAccount = std::make_unique<FailureBackoff>(
        config.rateLimitBackoffFreeFailures, std::chrono::seconds(1),
        std::chrono::duration_cast<std::chrono::milliseconds>(config.rateLimitBackoffMax),
        config.rateLimitMaxTrackedKeys);
    _signUpByAddress = window();
    _signUpByEmail = window();
}

RateLimits::SignInAttempt::SignInAttempt(RateLimits& limits, std::string addressKey)
    : _limits(limits), _addressKey(std::move(addressKey)) {}

RateLimits::SignInAttempt RateLimits::beginSignIn(std::string_view address) {
    SignInAttempt attempt(*this, lib::ratelimit::addressKey(address));
    check(_signInFailuresByAddress.get(), attempt._addressKey);
    return attempt;
}

void RateLimits::SignInAttempt::forAccount(std::string_view accountKey) {
    auto* backoff = _limits._signInBackoffByAddressAndAccount.get();
    if (!backoff) return;
    // An address key never holds a newline, so the pair key cannot be ambiguous.
    std::string pairKey = _addressKey + '\n' + std::string(accountKey);
    const auto decision = backoff->attempt(pairKey);
    if (!decision.allowed) {
        // Refused before any work: not a failure of the address either.
        if (_limits._signInFailuresByAddress) _limits._signInFailuresByAddress->forgive(_addressKey);
        throw RateLimited(decision.retryAfterSeconds());
    }
    _pairKey = std::move(pairKey);
}

void RateLimits::SignInAttempt::succeeded() {
    if (_limits._signInFailuresByAddress) _limits._signInFailuresByAddress->forgive(_addressKey);
    if (_limits._signInBackoffByAddressAndAccount && !_pairKey.empty())
        _limits._signInBackoffByAddressAndAccount->succeeded(_pairKey);
}

void RateLimits::checkSignUpAddress(std::string_view address) {
    check(_signUpByAddress.get(), lib::ratelimit::addressKey(address));
}

void RateLimits::checkSignUpEmail(std::string_view email) {
    check(_signUpByEmail.get(), email);
}

void RateLimits::prune() {
    for (auto* limiter : {_signInFailuresByAddress.get(), _signUpByAddress.get(), _signUpByEmail.get()})
        if (limiter) limiter->prune();
    if (_signInBackoffByAddressAndAccount) _signInBackoffByAddressAndAccount->prune();
}

}  // namespace sockstream::authpassword
