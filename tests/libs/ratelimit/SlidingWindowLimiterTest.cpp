#include <gtest/gtest.h>

#include <stdexcept>

#include "sockstream-ratelimit/SlidingWindowLimiter.h"

using namespace sockstream::lib::ratelimit;
using namespace std::chrono_literals;
using Clock = SlidingWindowLimiter::Clock;

namespace {
const Clock::time_point t0 = Clock::time_point{} + 1000h;
}

TEST(SlidingWindowLimiter, AllowsTheLimitThenRefusesWithRetryAfter) {
    SlidingWindowLimiter limiter(3, 10s, 100);
    EXPECT_TRUE(limiter.attempt("ip", t0).allowed);
    EXPECT_TRUE(limiter.attempt("ip", t0 + 1s).allowed);
    EXPECT_TRUE(limiter.attempt("ip", t0 + 2s).allowed);
    const auto refused = limiter.attempt("ip", t0 + 3s);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retryAfter, 7s);
    EXPECT_EQ(refused.retryAfterSeconds(), 7);
}

TEST(SlidingWindowLimiter, SlidesInsteadOfResettingAtABoundary) {
    SlidingWindowLimiter limiter(3, 10s, 100);
    limiter.attempt("ip", t0 + 9s);
    limiter.attempt("ip", t0 + 9500ms);
    limiter.attempt("ip", t0 + 9900ms);
    // A fixed window would reset at t0+10s; a sliding one still counts all three.
    EXPECT_FALSE(limiter.attempt("ip", t0 + 10s).allowed);
    EXPECT_FALSE(limiter.attempt("ip", t0 + 18999ms).allowed);
    EXPECT_TRUE(limiter.attempt("ip", t0 + 19s).allowed);
    EXPECT_FALSE(limiter.attempt("ip", t0 + 19s).allowed);
}

TEST(SlidingWindowLimiter, DoesNotCountRefusedAttempts) {
    SlidingWindowLimiter limiter(1, 10s, 100);
    EXPECT_TRUE(limiter.attempt("ip", t0).allowed);
    for (int i = 1; i < 10; ++i) EXPECT_FALSE(limiter.attempt("ip", t0 + std::chrono::seconds(i)).allowed);
    EXPECT_TRUE(limiter.attempt("ip", t0 + 10s).allowed);
}

TEST(SlidingWindowLimiter, ForgivesTheLatestAttempt) {
    SlidingWindowLimiter limiter(2, 10s, 100);
    EXPECT_TRUE(limiter.attempt("ip", t0).allowed);
    EXPECT_TRUE(limiter.attempt("ip", t0 + 1s).allowed);
    limiter.forgive("ip");
    EXPECT_TRUE(limiter.attempt("ip", t0 + 2s).allowed);
    EXPECT_FALSE(limiter.attempt("ip", t0 + 3s).allowed);
    limiter.forgive("unknown");
    limiter.forgive("ip");
    limiter.forgive("ip");
    limiter.forgive("ip");  // nothing left to forgive
    EXPECT_TRUE(limiter.attempt("ip", t0 + 4s).allowed);
}

TEST(SlidingWindowLimiter, RoundsRetryAfterUpToWholeSeconds) {
    SlidingWindowLimiter limiter(1, 10s, 100);
    limiter.attempt("ip", t0);
    EXPECT_EQ(limiter.attempt("ip", t0 + 9999ms).retryAfterSeconds(), 1);
    EXPECT_EQ(limiter.attempt("ip", t0 + 8001ms).retryAfterSeconds(), 2);
}

TEST(SlidingWindowLimiter, KeepsKeysApart) {
    SlidingWindowLimiter limiter(1, 10s, 100);
    EXPECT_TRUE(limiter.attempt("a@example.com", t0).allowed);
    EXPECT_TRUE(limiter.attempt("b@example.com", t0).allowed);
    EXPECT_FALSE(limiter.attempt("a@example.com", t0).allowed);
}

TEST(SlidingWindowLimiter, BoundsMemoryByForgettingTheIdlestKey) {
    SlidingWindowLimiter limiter(1, 10s, 3);
    limiter.attempt("a", t0);
    limiter.attempt("b", t0 + 1ms);
    limiter.attempt("c", t0 + 2ms);
    EXPECT_FALSE(limiter.attempt("a", t0 + 3ms).allowed);  // a becomes the most recent
    EXPECT_TRUE(limiter.attempt("d", t0 + 4ms).allowed);    // evicts b, the idlest
    EXPECT_EQ(limiter.trackedKeys(), 3u);
    EXPECT_FALSE(limiter.attempt("a", t0 + 5ms).allowed);
    EXPECT_FALSE(limiter.attempt("c", t0 + 6ms).allowed);
    EXPECT_TRUE(limiter.attempt("b", t0 + 7ms).allowed);    // forgotten
    for (int i = 0; i < 1000; ++i) limiter.attempt("spray" + std::to_string(i), t0 + 8ms);
    EXPECT_EQ(limiter.trackedKeys(), 3u);
}

TEST(SlidingWindowLimiter, CapsKeyLength) {
    SlidingWindowLimiter limiter(1, 10s, 100);
    const std::string prefix(SlidingWindowLimiter::kMaxKeyBytes, 'k');
    EXPECT_TRUE(limiter.attempt(prefix + "one", t0).allowed);
    EXPECT_FALSE(limiter.attempt(prefix + "two", t0).allowed);
}

TEST(SlidingWindowLimiter, PrunesIdleKeys) {
    SlidingWindowLimiter limiter(3, 10s, 100);
    limiter.attempt("old", t0);
    limiter.attempt("recent", t0 + 8s);
    EXPECT_EQ(limiter.prune(t0 + 11s), 1u);
    EXPECT_EQ(limiter.trackedKeys(), 1u);
    EXPECT_EQ(limiter.prune(t0 + 18s), 1u);
    EXPECT_EQ(limiter.trackedKeys(), 0u);
}

TEST(SlidingWindowLimiter, RefusesNonsenseSettings) {
    EXPECT_THROW(SlidingWindowLimiter(0, 10s, 1), std::invalid_argument);
    EXPECT_THROW(SlidingWindowLimiter(1, 0s, 1), std::invalid_argument);
    EXPECT_THROW(SlidingWindowLimiter(1, 10s, 0), std::invalid_argument);
}
