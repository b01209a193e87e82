#include <gtest/gtest.h>

#include "MonotonicClock.h"

using sockstream::rtmp::MonotonicClock;

TEST(MonotonicClock, PassesIncreasingTimestampsThrough) {
    MonotonicClock clock;
    EXPECT_EQ(clock.next(0), 0);
    EXPECT_EQ(clock.next(33), 33);
    EXPECT_EQ(clock.next(66), 66);
}

TEST(MonotonicClock, UnwrapsThe32BitClock) {
    MonotonicClock clock;
    EXPECT_EQ(clock.next(0xFFFFFFF0u), 0xFFFFFFF0ll);
    EXPECT_EQ(clock.next(0x10u), 0x100000010ll);
}

TEST(MonotonicClock, HoldsSmallBackwardStepsAndContinuesAfterAReset) {
    MonotonicClock clock(1000);
    clock.next(5000);
    EXPECT_EQ(clock.next(4990), 5000);  // jitter: held
    EXPECT_EQ(clock.next(5010), 5010);
    EXPECT_EQ(clock.next(0), 5010);     // encoder restarted its clock
    EXPECT_EQ(clock.next(40), 5050);    // continues from where it was
}
