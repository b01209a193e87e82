#include <gtest/gtest.h>

#include "logic/MuteList.h"

using sockstream::chat::MuteList;

TEST(MuteList, MutesUntilTheEndAndLiftsWithZero) {
    MuteList mutes;
    mutes.set("room", "alice", 2'000);
    EXPECT_TRUE(mutes.muted("room", "alice", 1'999));
    EXPECT_FALSE(mutes.muted("room", "alice", 2'000));
    EXPECT_FALSE(mutes.muted("other-room", "alice", 1'000));
    EXPECT_FALSE(mutes.muted("room", "bob", 1'000));
    mutes.set("room", "alice", 0);
    EXPECT_FALSE(mutes.muted("room", "alice", 1'000));
    EXPECT_EQ(mutes.size(), 0u);
}

TEST(MuteList, ForgetsADeletedRoomOnly) {
    MuteList mutes;
    mutes.set("room", "alice", 5'000);
    mutes.set("room2", "alice", 5'000);
    // A room id that is a prefix of another must not take the other's mutes with it.
    mutes.forgetRoom("room");
    EXPECT_FALSE(mutes.muted("room", "alice", 1'000));
    EXPECT_TRUE(mutes.muted("room2", "alice", 1'000));
}

TEST(MuteList, PruneDropsEndedMutes) {
    MuteList mutes;
    mutes.set("room", "alice", 1'000);
    mutes.set("room", "bob", 9'000);
    mutes.prune(5'000);
    EXPECT_EQ(mutes.size(), 1u);
    EXPECT_TRUE(mutes.muted("room", "bob", 5'000));
}
