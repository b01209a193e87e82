#include <gtest/gtest.h>

#include "cluster/BroadcastDirectory.h"

namespace sockstream::core {
namespace {

using Clock = BroadcastDirectory::Clock;
using std::chrono::seconds;

// A fixed instant: the directory only compares the times it is given.
const Clock::time_point kNow = Clock::time_point{} + std::chrono::hours(1000);

RemoteBroadcast on(const std::string& serverId) { return RemoteBroadcast{serverId, "http://" + serverId + ":8080"}; }

TEST(BroadcastDirectory, AnnouncedRoomsAreLocated) {
    BroadcastDirectory directory;
    directory.announce("r1", on("edge-1"), kNow + seconds(10));
    directory.announce("r2", on("edge-2"), kNow + seconds(10));
    auto where = directory.locate("r1", kNow);
    ASSERT_TRUE(where);
    EXPECT_EQ(where->serverId, "edge-1");
    EXPECT_EQ(where->baseUrl, "http://edge-1:8080");
    EXPECT_EQ(directory.locate("r2", kNow)->serverId, "edge-2");
    EXPECT_FALSE(directory.locate("r3", kNow));
    EXPECT_EQ(directory.size(kNow), 2u);
}

TEST(BroadcastDirectory, ATakenOverRoomIsForgottenWhoeverAnnouncedIt) {
    BroadcastDirectory directory;
    directory.announce("r1", on("edge-1"), kNow + seconds(10));
    directory.announce("r2", on("edge-1"), kNow + seconds(10));
    directory.forget("r1");
    directory.forget("never-announced");
    EXPECT_FALSE(directory.locate("r1", kNow));
    EXPECT_EQ(directory.locate("r2", kNow)->serverId, "edge-1");
}

TEST(BroadcastDirectory, ALaterAnnouncementReplacesTheEntry) {
    BroadcastDirectory directory;
    directory.announce("r1", on("edge-1"), kNow + seconds(10));
    directory.announce("r1", on("edge-2"), kNow + seconds(10));
    EXPECT_EQ(directory.locate("r1", kNow)->serverId, "edge-2");
    EXPECT_EQ(directory.size(kNow), 1u);
}

TEST(BroadcastDirectory, EntriesExpire) {
    BroadcastDirectory directory;
    directory.announce("r1", on("edge-1"), kNow + seconds(10));
    directory.announce("r2", on("edge-1"), kNow + seconds(20));
    EXPECT_TRUE(directory.locate("r1", kNow + seconds(9)));
    EXPECT_FALSE(directory.locate("r1", kNow + seconds(10))) << "expired at its expiry time";
    EXPECT_FALSE(directory.locate("r1", kNow + seconds(11)));
    EXPECT_TRUE(directory.locate("r2", kNow + seconds(11)));
    EXPECT_EQ(directory.size(kNow + seconds(11)), 1u);
    EXPECT_EQ(directory.size(kNow + seconds(30)), 0u);
}

TEST(BroadcastDirectory, ARefreshExtendsTheEntry) {
    BroadcastDirectory directory;
    directory.announce("r1", on("edge-1"), kNow + seconds(10));
    directory.announce("r1", on("edge-1"), kNow + seconds(30));
    EXPECT_TRUE(directory.locate("r1", kNow + seconds(20)));
}

TEST(BroadcastDirectory, OnlyTheOwningServerWithdraws) {
    BroadcastDirectory directory;
    directory.announce("r1", on("edge-2"), kNow + seconds(10));
    directory.withdraw("r1", "edge-1");  // a late withdrawal after edge-2 took the room over
    EXPECT_EQ(directory.locate("r1", kNow)->serverId, "edge-2");
    directory.withdraw("r1", "");
    EXPECT_TRUE(directory.locate("r1", kNow));
    directory.withdraw("r1", "edge-2");
    EXPECT_FALSE(directory.locate("r1", kNow));
    directory.withdraw("r1", "edge-2");  // twice is harmless
    directory.withdraw("unknown", "edge-2");
    EXPECT_EQ(directory.size(kNow), 0u);
}

TEST(BroadcastDirectory, ForgetServerDropsAllItsRoomsOnly) {
    BroadcastDirectory directory;
    directory.announce("r1", on("edge-1"), kNow + seconds(10));
    directory.announce("r2", on("edge-2"), kNow + seconds(10));
    directory.announce("r3", on("edge-1"), kNow + seconds(10));
    directory.forgetServer("edge-1");
    EXPECT_FALSE(directory.locate("r1", kNow));
    EXPECT_FALSE(directory.locate("r3", kNow));
    EXPECT_EQ(directory.locate("r2", kNow)->serverId, "edge-2");
    directory.forgetServer("edge-9");
    EXPECT_EQ(directory.size(kNow), 1u);
}

TEST(BroadcastDirectory, ReplaceAllReturnsWhatVanished) {
    BroadcastDirectory directory;
    directory.announce("stays", on("edge-1"), kNow + seconds(10));
    directory.announce("moves", on("edge-1"), kNow + seconds(10));
    directory.announce("gone", on("edge-2"), kNow + seconds(10));
    directory.announce("withdrawn", on("edge-2"), kNow + seconds(10));
    directory.withdraw("withdrawn", "edge-2");

    auto vanished = directory.replaceAll({{"stays", on("edge-1")}, {"moves", on("edge-3")}, {"new", on("edge-3")}},
                                         kNow + seconds(40));
    ASSERT_EQ(vanished.size(), 1u) << "a withdrawn room did not vanish, it ended; a moved room is still live";
    EXPECT_EQ(vanished.begin()->first, "gone");
    EXPECT_EQ(vanished.begin()->second.serverId, "edge-2");

    EXPECT_EQ(directory.locate("moves", kNow)->serverId, "edge-3");
    EXPECT_EQ(directory.locate("new", kNow)->serverId, "edge-3");
    EXPECT_FALSE(directory.locate("gone", kNow));
    EXPECT_TRUE(directory.locate("stays", kNow + seconds(30))) << "the fresh read sets the new expiry";
    EXPECT_EQ(directory.size(kNow), 3u);
}

TEST(BroadcastDirectory, ReplaceAllWithNothingEmptiesTheDirectory) {
    BroadcastDirectory directory;
    directory.announce("r1", on("edge-1"), kNow + seconds(10));
    auto vanished = directory.replaceAll({}, kNow + seconds(10));
    EXPECT_EQ(vanished.size(), 1u);
    EXPECT_EQ(directory.size(kNow), 0u);
    EXPECT_TRUE(directory.replaceAll({}, kNow).empty());
}

}  // namespace
}  // namespace sockstream::core
