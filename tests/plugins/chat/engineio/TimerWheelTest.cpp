#include "engineio/TimerWheel.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <vector>

namespace sockstream::chat {
namespace {

struct Fired {
    std::vector<std::pair<WheelTimer*, std::int64_t>> timers;  ///< the timer and the wheel's time when it fired
    std::function<void(WheelTimer&)> recorder(TimerWheel& wheel) {
        return [this, &wheel](WheelTimer& t) { timers.emplace_back(&t, wheel.now()); };
    }
};

TEST(TimerWheel, FiresAtItsDeadlineNotBefore) {
    TimerWheel wheel(1000);
    WheelTimer a;
    wheel.schedule(a, 1300);
    EXPECT_EQ(wheel.nextDue(), 1300);
    Fired fired;
    wheel.advance(1299, fired.recorder(wheel));
    EXPECT_TRUE(fired.timers.empty());
    EXPECT_TRUE(a.scheduled());
    wheel.advance(1300, fired.recorder(wheel));
    ASSERT_EQ(fired.timers.size(), 1u);
    EXPECT_EQ(fired.timers[0].first, &a);
    EXPECT_EQ(fired.timers[0].second, 1300);
    EXPECT_FALSE(a.scheduled());
    EXPECT_EQ(wheel.size(), 0u);
    EXPECT_EQ(wheel.nextDue(), std::nullopt);
}

TEST(TimerWheel, FiresInDeadlineOrderWhenAdvancedLate) {
    TimerWheel wheel(0);
    WheelTimer a, b, c;
    wheel.schedule(c, 30);
    wheel.schedule(a, 10);
    wheel.schedule(b, 20);
    Fired fired;
    wheel.advance(25, fired.recorder(wheel));
    ASSERT_EQ(fired.timers.size(), 2u);
    EXPECT_EQ(fired.timers[0].first, &a);
    EXPECT_EQ(fired.timers[1].first, &b);
    EXPECT_EQ(wheel.nextDue(), 30);
}

TEST(TimerWheel, CancelAndRescheduleMoveTheTimer) {
    TimerWheel wheel(0);
    WheelTimer a, b;
    wheel.schedule(a, 50);
    wheel.schedule(b, 60);
    wheel.cancel(a);
    wheel.cancel(a);  // idempotent
    EXPECT_EQ(wheel.size(), 1u);
    EXPECT_EQ(wheel.nextDue(), 60);
    wheel.schedule(b, 5);  // rescheduling an armed timer moves it
    EXPECT_EQ(wheel.size(), 1u);
    EXPECT_EQ(wheel.nextDue(), 5);
    Fired fired;
    wheel.advance(100, fired.recorder(wheel));
    ASSERT_EQ(fired.timers.size(), 1u);
    EXPECT_EQ(fired.timers[0].first, &b);
    EXPECT_EQ(fired.timers[0].second, 5);
}

TEST(TimerWheel, DeadlinesBeyondOneTurnWaitForTheirTurn) {
    TimerWheel wheel(0, 64);  // one turn: 64 ms
    WheelTimer far, near;
    wheel.schedule(far, 64 * 3 + 7);  // the same slot as 7
    wheel.schedule(near, 7);
    Fired fired;
    wheel.advance(7, fired.recorder(wheel));
    ASSERT_EQ(fired.timers.size(), 1u);
    EXPECT_EQ(fired.timers[0].first, &near);
    // Its slot comes round every turn; the wheel says so and fires it only at its deadline.
    EXPECT_EQ(wheel.nextDue(), 64 + 7);
    for (std::int64_t t = 8; t < 64 * 3 + 7; t += 5) wheel.advance(t, fired.recorder(wheel));
    EXPECT_EQ(fired.timers.size(), 1u);
    wheel.advance(64 * 3 + 7, fired.recorder(wheel));
    ASSERT_EQ(fired.timers.size(), 2u);
    EXPECT_EQ(fired.timers[1].first, &far);
}

TEST(TimerWheel, AnAdvanceLongerThanATurnFiresEverythingDue) {
    TimerWheel wheel(0, 64);
    std::vector<std::unique_ptr<WheelTimer>> timers;
    for (int i = 0; i < 300; ++i) {
        timers.push_back(std::make_unique<WheelTimer>());
        wheel.schedule(*timers.back(), i * 3);
    }
    Fired fired;
    wheel.advance(450, fired.recorder(wheel));
    EXPECT_EQ(fired.timers.size(), 151u);  // deadlines 0..450
    for (auto& [timer, at] : fired.timers) EXPECT_LE(timer->deadline(), 450);
    EXPECT_EQ(wheel.size(), 149u);
    wheel.advance(10'000, fired.recorder(wheel));
    EXPECT_EQ(fired.timers.size(), 300u);
    EXPECT_EQ(wheel.size(), 0u);
}

TEST(TimerWheel, APassedDeadlineFiresAtTheNextAdvance) {
    TimerWheel wheel(100);
    WheelTimer a;
    wheel.schedule(a, 40);
    EXPECT_EQ(wheel.nextDue(), 101);
    Fired fired;
    wheel.advance(101, fired.recorder(wheel));
    ASSERT_EQ(fired.timers.size(), 1u);
    EXPECT_EQ(fired.timers[0].first->deadline(), 40);
}

TEST(TimerWheel, AFiringTimerMayRescheduleItselfAndCancelOthers) {
    TimerWheel wheel(0);
    WheelTimer ping, other;
    wheel.schedule(ping, 10);
    wheel.schedule(other, 10);
    int pings = 0;
    int others = 0;
    wheel.advance(35, [&](WheelTimer& t) {
        if (&t == &ping) {
            ++pings;
            wheel.cancel(other);  // cancelled while waiting in the same firing batch
            wheel.schedule(ping, wheel.now() + 10);
        } else {
            ++others;
        }
    });
    EXPECT_EQ(pings, 3);  // 10, 20, 30
    EXPECT_EQ(others, 0);
    EXPECT_EQ(wheel.nextDue(), 40);
    // A timer rescheduled for "now" from inside fire() waits for the next slot, it does not loop.
    int immediate = 0;
    wheel.advance(40, [&](WheelTimer& t) {
        if (++immediate < 1000) wheel.schedule(t, wheel.now());
    });
    EXPECT_EQ(immediate, 1);
    EXPECT_EQ(wheel.nextDue(), 41);
}

TEST(TimerWheel, DestroyingATimerTakesItOff) {
    TimerWheel wheel(0);
    {
        WheelTimer a;
        wheel.schedule(a, 5);
    }
    EXPECT_EQ(wheel.size(), 0u);
    EXPECT_EQ(wheel.nextDue(), std::nullopt);
    Fired fired;
    wheel.advance(10, fired.recorder(wheel));
    EXPECT_TRUE(fired.timers.empty());
}

// 10,000 heartbeats at random deadlines, driven the way the server drives it
// (wake at nextDue, advance to it): each fires exactly at its deadline, once.
TEST(TimerWheel, TenThousandTimersEachFireExactlyOnceAtTheirDeadline) {
    TimerWheel wheel(0);
    std::mt19937 random(7);
    std::uniform_int_distribution<std::int64_t> deadline(1, 200'000);  // up to three turns of the default wheel
    std::vector<WheelTimer> timers(10'000);
    for (auto& t : timers) wheel.schedule(t, deadline(random));
    std::size_t count = 0;
    std::int64_t wakes = 0;
    while (auto due = wheel.nextDue()) {
        ++wakes;
        wheel.advance(*due, [&](WheelTimer& t) {
            EXPECT_EQ(t.deadline(), *due);
            ++count;
        });
    }
    EXPECT_EQ(count, timers.size());
    // A wake either fires something or passes a slot whose timers are a turn
    // or more away (each timer is passed at most three times here).
    EXPECT_LE(wakes, 40'000);
}

}  // namespace
}  // namespace sockstream::chat
