#include <gtest/gtest.h>

#include "Backoff.h"

using namespace std::chrono_literals;
using sockstream::restream::Backoff;

TEST(Backoff, DoublesFromMinUpToMax) {
    Backoff backoff(500ms, 4000ms);
    EXPECT_EQ(backoff.next(), 500ms);
    EXPECT_EQ(backoff.next(), 1000ms);
    EXPECT_EQ(backoff.next(), 2000ms);
    EXPECT_EQ(backoff.next(), 4000ms);
    EXPECT_EQ(backoff.next(), 4000ms);
    EXPECT_EQ(backoff.attempts(), 5);
}

TEST(Backoff, AStableConnectionStartsOverAShortOneDoesNot) {
    Backoff backoff(1000ms, 60000ms, 30s);
    backoff.next();
    backoff.next();
    backoff.connectionEnded(5s);
    EXPECT_EQ(backoff.next(), 4000ms);
    backoff.connectionEnded(31s);
    EXPECT_EQ(backoff.next(), 1000ms);
}

TEST(Backoff, NonsenseBoundsAreClamped) {
    Backoff backoff(0ms, 0ms);
    EXPECT_EQ(backoff.next(), 1ms);
    Backoff inverted(5000ms, 100ms);
    EXPECT_EQ(inverted.next(), 5000ms);
    EXPECT_EQ(inverted.next(), 5000ms);
}
