#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "AuthPasswordConfig.h"
#include "FailureBackoff.h"
#include "sockstream-ratelimit/SlidingWindowLimiter.h"

namespace sockstream::authpassword {

/// The counters the routes consult. Disabled limits allow everything.
///
/// Sign-in counts FAILURES, never a shared budget per account: per client
/// address (a sliding window, against one address trying many accounts) and
/// per (address, account) (exponential back-off, against one address guessing
/// one password). Neither can be filled by someone else, so an attacker
/// guessing the owner's password only slows themselves: the owner signing in
/// from another address is never refused. There is deliberately no limit per
/// account alone: whoever can fill it can lock the owner out.
///
/// Sign-up counts attempts per address and per email.
class RateLimits {
public:
    explicit RateLimits(const AuthPasswordConfig& config);

    /// One sign-in. It counts as a failure of its address and of its
    /// (address, account) pair from the start, so parallel guesses cannot all
    /// pass the check before the first one fails, until succeeded() forgives it.
    class SignInAttempt {
    public:
        /// Throws RateLimited while this address is backing off for this account.
        void forAccount(std::string_view accountKey);
        /// The password was right: the attempt was no failure.
        void succeeded();

    private:
        friend class RateLimits;
        SignInAttempt(RateLimits& limits, std::string addressKey);

        RateLimits& _limits;
        std::string _addressKey;
        std::string _pairKey;
    };

    /// Throws RateLimited when the address has failed too often in the window.
    SignInAttempt beginSignIn(std::string_view address);

    /// Count one sign-up; throw RateLimited when the key is over its limit.
    void checkSignUpAddress(std::string_view address);
    void checkSignUpEmail(std::string_view email);

    void prune();

private:
    std::unique_ptr<lib::ratelimit::SlidingWindowLimiter> _signInFailuresByAddress;
    std::unique_ptr<FailureBackoff> _signInBackoffByAddressAndAccount;
    std::unique_ptr<lib::ratelimit::SlidingWindowLimiter> _signUpByAddress;
    std::unique_ptr<lib::ratelimit::SlidingWindowLimiter> _signUpByEmail;
};

}  // namespace sockstream::authpassword
