#include <gtest/gtest.h>

#include <stdexcept>

#include "FailureBackoff.h"

using namespace sockstream::authpassword;
using namespace std::chrono_literals;

namespace {
using Clock = FailureBackoff::Clock;
const Clock::time_point t0 = Clock::time_point{} + 1000h;
}  // namespace

TEST(FailureBackoff, AllowsTheFreeFailuresThenDoublesTheWait) {
    FailureBackoff backoff(3, 1s, 60s, 100);
    EXPECT_TRUE(backoff.attempt("k", t0).allowed);
    EXPECT_TRUE(backoff.attempt("k", t0).allowed);
    EXPECT_TRUE(backoff.attempt("k", t0).allowed);  // the third failure starts the back-off
    auto refused = backoff.attempt("k", t0);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retryAfter, 1000ms);
    EXPECT_EQ(refused.retryAfterSeconds(), 1);

    auto now = t0 + 1s;
    EXPECT_TRUE(backoff.attempt("k", now).allowed);
    EXPECT_EQ(backoff.attempt("k", now).retryAfter, 2000ms);
    now += 2s;
    EXPECT_TRUE(backoff.attempt("k", now).allowed);
    EXPECT_EQ(backoff.attempt("k", now).retryAfter, 4000ms);
    EXPECT_FALSE(backoff.attempt("k", now + 3999ms).allowed);
    EXPECT_TRUE(backoff.attempt("k", now + 4s).allowed);
}

TEST(FailureBackoff, TheWaitStopsGrowingAtTheMaximum) {
    FailureBackoff backoff(1, 1s, 10s, 100);
    auto now = t0;
    std::chrono::milliseconds last{0};
    for (int i = 0; i < 200; ++i) {  // far past the point where 2^n would overflow
        ASSERT_TRUE(backoff.attempt("k", now).allowed) << i;
        last = backoff.attempt("k", now).retryAfter;
        now += last;
    }
    EXPECT_EQ(last, 10000ms);
}

TEST(FailureBackoff, RefusedAttemptsDoNotLengthenTheWait) {
    FailureBackoff backoff(1, 1s, 60s, 100);
    EXPECT_TRUE(backoff.attempt("k", t0).allowed);
    for (int i = 0; i < 50; ++i) EXPECT_FALSE(backoff.attempt("k", t0 + 10ms * i).allowed);
    EXPECT_TRUE(backoff.attempt("k", t0 + 1s).allowed);
}

TEST(FailureBackoff, ASuccessForgetsTheKeyAndKeysAreIndependent) {
    FailureBackoff backoff(1, 1s, 60s, 100);
    EXPECT_TRUE(backoff.attempt("attacker\nowner", t0).allowed);
    EXPECT_FALSE(backoff.attempt("attacker\nowner", t0).allowed);
    EXPECT_TRUE(backoff.attempt("owner-home\nowner", t0).allowed);
    backoff.succeeded("owner-home\nowner");
    EXPECT_TRUE(backoff.attempt("owner-home\nowner", t0).allowed);
    backoff.succeeded("attacker\nowner");
    EXPECT_TRUE(backoff.attempt("attacker\nowner", t0).allowed);
    backoff.succeeded("never seen");
}

TEST(FailureBackoff, AKeyIdleForFourMaximumWaitsStartsAfresh) {
    FailureBackoff backoff(1, 1s, 10s, 100);
    auto now = t0;
    for (int i = 0; i < 10; ++i) {
        backoff.attempt("k", now);
        now += 10s;
    }
    EXPECT_EQ(backoff.attempt("k", now).allowed, true);
    EXPECT_EQ(backoff.attempt("k", now).retryAfter, 10000ms);
    now += 40s;
    EXPECT_TRUE(backoff.attempt("k", now).allowed);
    EXPECT_EQ(backoff.attempt("k", now).retryAfter, 1000ms) << "the count started again";
}

TEST(FailureBackoff, MemoryIsBoundedAndPruned) {
    FailureBackoff backoff(1, 1s, 10s, 3);
    for (int i = 0; i < 10; ++i) backoff.attempt("k" + std::to_string(i), t0 + 1ms * i);
    EXPECT_EQ(backoff.trackedKeys(), 3u);
    EXPECT_TRUE(backoff.attempt("k0", t0 + 1s).allowed) << "the idlest keys were forgotten";
    EXPECT_EQ(backoff.prune(t0 + 20s), 0u);
    EXPECT_EQ(backoff.prune(t0 + 60s), 3u);
    EXPECT_EQ(backoff.trackedKeys(), 0u);
}

TEST(FailureBackoff, LongKeysAreCapped) {
    FailureBackoff backoff(1, 1s, 10s, 10);
    const std::string longKey(100000, 'x');
    EXPECT_TRUE(backoff.attempt(longKey, t0).allowed);
    EXPECT_FALSE(backoff.attempt(longKey + "y", t0).allowed) << "same first kMaxKeyBytes";
}

TEST(FailureBackoff, RejectsNonsenseSettings) {
    EXPECT_THROW(FailureBackoff(1, 0s, 10s, 10), std::invalid_argument);
    EXPECT_THROW(FailureBackoff(1, 10s, 1s, 10), std::invalid_argument);
    EXPECT_THROW(FailureBackoff(1, 1s, 10s, 0), std::invalid_argument);
}
