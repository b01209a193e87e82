#include <gtest/gtest.h>

#include "RateLimited.h"
#include "RateLimits.h"

using namespace sockstream::authpassword;

namespace {

// One failed sign-in: nothing calls succeeded().
void fail(RateLimits& limits, const std::string& address, const std::string& account) {
    auto attempt = limits.beginSignIn(address);
    attempt.forAccount(account);
}

void succeed(RateLimits& limits, const std::string& address, const std::string& account) {
    auto attempt = limits.beginSignIn(address);
    attempt.forAccount(account);
    attempt.succeeded();
}

}  // namespace

TEST(RateLimits, RefusesTheFourthFailureOfOneAddressWithRetryAfter) {
    RateLimits limits(AuthPasswordConfig{});
    for (int i = 0; i < 3; ++i) fail(limits, "198.51.100.1", "user" + std::to_string(i) + "@example.com");
    try {
        limits.beginSignIn("198.51.100.1");
        FAIL() << "the fourth attempt was allowed";
    } catch (const RateLimited& limited) {
        EXPECT_GE(limited.retryAfterSeconds(), 1);
        EXPECT_LE(limited.retryAfterSeconds(), 10);
    }
    EXPECT_NO_THROW(limits.beginSignIn("198.51.100.2"));
}

TEST(RateLimits, SuccessfulSignInsAreNotFailures) {
    RateLimits limits(AuthPasswordConfig{});
    // An office behind one address: many people signing in is no attack.
    for (int i = 0; i < 20; ++i) EXPECT_NO_THROW(succeed(limits, "198.51.100.1", "user" + std::to_string(i)));
}

TEST(RateLimits, AnAttackerGuessingOnePasswordNeverLocksTheOwnerOut) {
    AuthPasswordConfig config;
    config.rateLimitAttempts = 1000;  // isolate the per-(address, account) back-off
    RateLimits limits(config);
    int refused = 0;
    for (int i = 0; i < 50; ++i) {
        try {
            fail(limits, "203.0.113.66", "owner@example.com");
        } catch (const RateLimited&) {
            ++refused;
        }
    }
    EXPECT_EQ(refused, 47) << "three free failures, then the attacker waits";
    // The owner, from anywhere else, is never refused.
    for (int i = 1; i <= 20; ++i)
        EXPECT_NO_THROW(succeed(limits, "198.51.100." + std::to_string(i), "owner@example.com"));
    // The attacker is still waiting for that account; other accounts are the address limit's business.
    EXPECT_THROW(fail(limits, "203.0.113.66", "owner@example.com"), RateLimited);
    EXPECT_NO_THROW(fail(limits, "203.0.113.66", "other@example.com"));
}

TEST(RateLimits, ABackedOffPairDoesNotSpendTheAddressBudget) {
    // Refused tries for a pair that is waiting cost the address nothing.
    AuthPasswordConfig config;
    config.rateLimitAttempts = 4;
    config.rateLimitBackoffFreeFailures = 1;
    RateLimits strict(config);
    fail(strict, "198.51.100.9", "a@example.com");
    EXPECT_THROW(fail(strict, "198.51.100.9", "a@example.com"), RateLimited);
    EXPECT_THROW(fail(strict, "198.51.100.9", "a@example.com"), RateLimited);
    EXPECT_NO_THROW(fail(strict, "198.51.100.9", "b@example.com"));
    EXPECT_NO_THROW(fail(strict, "198.51.100.9", "c@example.com"));
    EXPECT_NO_THROW(fail(strict, "198.51.100.9", "d@example.com"));
    EXPECT_THROW(strict.beginSignIn("198.51.100.9"), RateLimited);
}

TEST(RateLimits, ASuccessClearsTheBackOffOfItsOwnAddressOnly) {
    AuthPasswordConfig config;
    config.rateLimitAttempts = 100;
    config.rateLimitBackoffFreeFailures = 2;
    RateLimits limits(config);
    fail(limits, "198.51.100.1", "a@example.com");
    succeed(limits, "198.51.100.1", "a@example.com");
    // The count started again: two more failures are free.
    fail(limits, "198.51.100.1", "a@example.com");
    EXPECT_NO_THROW(fail(limits, "198.51.100.1", "a@example.com"));
    EXPECT_THROW(fail(limits, "198.51.100.1", "a@example.com"), RateLimited);
}

TEST(RateLimits, CountsSignInAndSignUpSeparately) {
    RateLimits limits(AuthPasswordConfig{});
    for (int i = 0; i < 3; ++i) fail(limits, "198.51.100.1", "x@example.com");
    EXPECT_NO_THROW(limits.checkSignUpAddress("198.51.100.1"));
    EXPECT_NO_THROW(limits.checkSignUpEmail("x@example.com"));
    for (int i = 0; i < 2; ++i) limits.checkSignUpAddress("198.51.100.1");
    EXPECT_THROW(limits.checkSignUpAddress("198.51.100.1"), RateLimited);
}

TEST(RateLimits, CountsAnIpv6Slash64AsOneClient) {
    RateLimits limits(AuthPasswordConfig{});
    for (int i = 1; i <= 3; ++i) fail(limits, "2001:db8::" + std::to_string(i), "a" + std::to_string(i));
    EXPECT_THROW(limits.beginSignIn("2001:db8::99"), RateLimited);
    EXPECT_NO_THROW(limits.beginSignIn("2001:db8:0:1::1"));
}

TEST(RateLimits, AllowEverythingWhenDisabled) {
    AuthPasswordConfig config;
    config.rateLimitEnabled = false;
    RateLimits limits(config);
    for (int i = 0; i < 100; ++i) {
        fail(limits, "198.51.100.1", "a@example.com");
        limits.checkSignUpAddress("198.51.100.1");
        limits.checkSignUpEmail("a@example.com");
    }
    limits.prune();
}
