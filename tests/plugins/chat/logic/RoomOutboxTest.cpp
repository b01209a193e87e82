#include <gtest/gtest.h>

#include "logic/RoomOutbox.h"

using namespace sockstream::chat;
using namespace std::chrono_literals;
using Clock = RoomOutbox::Clock;

namespace {
RoomOutbox::Message text(const char* s) { return std::make_shared<const std::string>(s); }
}  // namespace

TEST(FanOutPacing, SpacingGrowsWithMembersUpToTheMaximum) {
    FanOutPacing pacing{25'000, 200ms};
    EXPECT_EQ(pacing.spacing(0), Clock::duration::zero());
    EXPECT_EQ(pacing.spacing(100), 4ms);
    EXPECT_EQ(pacing.spacing(1'000), 40ms);
    EXPECT_EQ(pacing.spacing(5'000), 200ms);
    EXPECT_EQ(pacing.spacing(1'000'000), 200ms);
    EXPECT_EQ((FanOutPacing{0, 200ms}.spacing(1'000'000)), Clock::duration::zero());  // pacing off
}

TEST(RoomOutbox, SendsAtOnceWhenTheRoomHasBeenQuietForASpacing) {
    RoomOutbox outbox;
    const auto t0 = Clock::time_point{} + 1h;
    EXPECT_TRUE(outbox.offer(text("first"), 40ms, t0).sendNow);
    EXPECT_TRUE(outbox.offer(text("later"), 40ms, t0 + 40ms).sendNow);
    EXPECT_TRUE(outbox.offer(text("much later"), 40ms, t0 + 10s).sendNow);
    EXPECT_FALSE(outbox.holding());
}

TEST(RoomOutbox, HoldsWhatComesSoonerAndFlushesItTogetherInOrder) {
    RoomOutbox outbox;
    const auto t0 = Clock::time_point{} + 1h;
    ASSERT_TRUE(outbox.offer(text("a"), 40ms, t0).sendNow);
    auto second = outbox.offer(text("b"), 40ms, t0 + 10ms);
    EXPECT_FALSE(second.sendNow);
    ASSERT_TRUE(second.flushIn);
    EXPECT_EQ(*second.flushIn, 30ms);  // one spacing after the last flush
    auto third = outbox.offer(text("c"), 40ms, t0 + 20ms);
    EXPECT_FALSE(third.sendNow);
    EXPECT_FALSE(third.flushIn);  // rides on the flush already due
    auto held = outbox.take(t0 + 40ms);
    ASSERT_EQ(held.size(), 2u);
    EXPECT_EQ(*held[0], "b");
    EXPECT_EQ(*held[1], "c");
    EXPECT_FALSE(outbox.holding());
    // The flush counts: the next message waits a spacing after it.
    auto next = outbox.offer(text("d"), 40ms, t0 + 50ms);
    EXPECT_FALSE(next.sendNow);
    EXPECT_EQ(*next.flushIn, 30ms);
}

TEST(RoomOutbox, NeverSendsPastAMessageThatIsWaiting) {
    RoomOutbox outbox;
    const auto t0 = Clock::time_point{} + 1h;
    ASSERT_TRUE(outbox.offer(text("a"), 40ms, t0).sendNow);
    ASSERT_FALSE(outbox.offer(text("b"), 40ms, t0 + 1ms).sendNow);
    // The timer is late: a message long after the spacing still queues behind "b".
    auto late = outbox.offer(text("c"), 40ms, t0 + 500ms);
    EXPECT_FALSE(late.sendNow);
    EXPECT_EQ(outbox.take(t0 + 500ms).size(), 2u);
}

TEST(RoomOutbox, AnEmptyFlushDoesNotDelayTheNextMessage) {
    RoomOutbox outbox;
    const auto t0 = Clock::time_point{} + 1h;
    ASSERT_TRUE(outbox.offer(text("a"), 40ms, t0).sendNow);
    EXPECT_TRUE(outbox.take(t0 + 39ms).empty());  // a member joined: nothing to flush
    EXPECT_TRUE(outbox.offer(text("b"), 40ms, t0 + 40ms).sendNow);
}

TEST(RoomOutbox, WithoutSpacingEveryMessageGoesAtOnce) {
    RoomOutbox outbox;
    const auto t0 = Clock::time_point{} + 1h;
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(outbox.offer(text("x"), Clock::duration::zero(), t0).sendNow);
}
