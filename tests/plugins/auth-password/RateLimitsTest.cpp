#include <gtest/gtest.h>

#include "RateLimited.h"
#include "RateLimits.h"

using namespace sockstream::authpassword;

TEST(RateLimits, RefusesTheFourthAttemptWithRetryAfter) {
    RateLimits limits(AuthPasswordConfig{});
    for (int i = 0; i < 3; ++i) limits.checkAddress(RateLimits::Action::SignIn, "198.51.100.1");
    try {
        limits.checkAddress(RateLimits::Action::SignIn, "198.51.100.1");
        FAIL() << "the fourth attempt was allowed";
    } catch (const RateLimited& limited) {
        EXPECT_GE(limited.retryAfterSeconds(), 1);
        EXPECT_LE(limited.retryAfterSeconds(), 10);
    }
}

TEST(RateLimits, CountsSignInSignUpAddressesAndEmailsSeparately) {
    RateLimits limits(AuthPasswordConfig{});
    for (int i = 0; i < 3; ++i) limits.checkAddress(RateLimits::Action::SignIn, "198.51.100.1");
    EXPECT_NO_THROW(limits.checkAddress(RateLimits::Action::SignUp, "198.51.100.1"));
    EXPECT_NO_THROW(limits.checkEmail(RateLimits::Action::SignIn, "198.51.100.1"));
    EXPECT_NO_THROW(limits.checkAddress(RateLimits::Action::SignIn, "198.51.100.2"));
}

TEST(RateLimits, CountsAnIpv6Slash64AsOneClient) {
    RateLimits limits(AuthPasswordConfig{});
    for (int i = 1; i <= 3; ++i) limits.checkAddress(RateLimits::Action::SignIn, "2001:db8::" + std::to_string(i));
    EXPECT_THROW(limits.checkAddress(RateLimits::Action::SignIn, "2001:db8::99"), RateLimited);
}

TEST(RateLimits, AllowEverythingWhenDisabled) {
    AuthPasswordConfig config;
    config.rateLimitEnabled = false;
    RateLimits limits(config);
    for (int i = 0; i < 100; ++i) {
        limits.checkAddress(RateLimits::Action::SignIn, "198.51.100.1");
        limits.checkEmail(RateLimits::Action::SignUp, "a@example.com");
    }
    limits.prune();
}
