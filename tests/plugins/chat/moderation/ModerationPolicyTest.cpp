#include <gtest/gtest.h>

#include "logic/MuteList.h"
#include "moderation/ModerationPolicy.h"

namespace sockstream::chat {
namespace {

constexpr std::int64_t kMinute = 60'000;

class ModerationPolicyTest : public ::testing::Test {
protected:
    MuteList timeouts;
    ModerationPolicy policy{timeouts};

    std::string refusal(const std::string& room, const std::string& user, bool staff, std::int64_t now) {
        auto refused = policy.checkPost(room, user, staff, now);
        return refused ? refused->code : "";
    }
};

TEST_F(ModerationPolicyTest, AnOrdinaryMemberPostsFreely) {
    policy.rememberUser("alice", false, 0);
    EXPECT_EQ(refusal("room", "alice", false, 1'000), "");
}

TEST_F(ModerationPolicyTest, ATimeoutRefusesUntilItsEndAndSaysWhen) {
    timeouts.set("room", "alice", 5'000);
    auto refused = policy.checkPost("room", "alice", false, 4'999);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, "muted");
    EXPECT_EQ(refused->untilMs, 5'000);
    EXPECT_EQ(refusal("room", "alice", false, 5'000), "") << "it ends exactly at its end";
    EXPECT_EQ(refusal("other", "alice", false, 4'000), "") << "only in its room";
    EXPECT_EQ(refusal("room", "alice", true, 4'000), "muted") << "staff are not exempt from timeouts";
}

TEST_F(ModerationPolicyTest, BansHoldInTheirRoomOrTheWholeSiteUntilLifted) {
    policy.setBanned("room", "bob", true);
    EXPECT_EQ(refusal("room", "bob", false, 0), "banned");
    EXPECT_EQ(refusal("other", "bob", false, 0), "");
    policy.setBanned("", "bob", true);
    EXPECT_TRUE(policy.bannedOnSite("bob"));
    EXPECT_EQ(refusal("other", "bob", false, 0), "banned");
    policy.setBanned("room", "bob", false);
    policy.setBanned("", "bob", false);
    EXPECT_EQ(refusal("room", "bob", false, 0), "");
    EXPECT_TRUE(policy.bannedUsers("room").empty());
}

TEST_F(ModerationPolicyTest, SlowModeAllowsOneMessagePerPeriodPerUserAndExemptsStaff) {
    policy.setSettings("room", {10, 0});
    policy.rememberUser("alice", false, 0);
    EXPECT_EQ(refusal("room", "alice", false, 1'000), "");
    policy.recordPost("room", "alice", 1'000);
    auto refused = policy.checkPost("room", "alice", false, 5'000);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, "slow_mode");
    EXPECT_EQ(refused->untilMs, 11'000);
    EXPECT_EQ(refusal("room", "alice", false, 11'000), "");
    EXPECT_EQ(refusal("room", "bob", false, 5'000), "") << "per user";
    EXPECT_EQ(refusal("other", "alice", false, 5'000), "") << "per room";
    policy.recordPost("room", "mod", 1'000);
    EXPECT_EQ(refusal("room", "mod", true, 2'000), "") << "staff are exempt";
    policy.setSettings("room", {});
    EXPECT_EQ(refusal("room", "alice", false, 5'000), "") << "off again";
}

TEST_F(ModerationPolicyTest, PruneForgetsOnlyStampsThatCanNoLongerMatter) {
    policy.setSettings("room", {RoomChatSettings::kMaxSlowModeSeconds, 0});
    policy.recordPost("room", "alice", 0);
    policy.prune(1'000);
    EXPECT_EQ(refusal("room", "alice", false, 1'000), "slow_mode");
    policy.prune(std::int64_t{RoomChatSettings::kMaxSlowModeSeconds} * 1000);
    EXPECT_EQ(refusal("room", "alice", false, 1'000), "");
}

TEST_F(ModerationPolicyTest, EstablishedModeRefusesYoungAndUnknownAccountsButNotStaff) {
    policy.setSettings("room", {0, 10});
    const std::int64_t now = 100 * kMinute;
    policy.rememberUser("old", false, now - 10 * kMinute);
    policy.rememberUser("young", false, now - 9 * kMinute);
    EXPECT_EQ(refusal("room", "old", false, now), "");
    auto refused = policy.checkPost("room", "young", false, now);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, "not_established");
    EXPECT_EQ(refused->untilMs, now + kMinute);
    EXPECT_NE(refused->message.find("10 minutes"), std::string::npos);
    EXPECT_EQ(refusal("room", "stranger", false, now), "not_established") << "never looked up: not let through";
    EXPECT_EQ(refusal("room", "young", true, now), "");
    EXPECT_EQ(refusal("elsewhere", "young", false, now), "");
}

TEST_F(ModerationPolicyTest, ModeratorsPerRoom) {
    policy.setModerator("room", "mia", true);
    EXPECT_TRUE(policy.isModerator("room", "mia"));
    EXPECT_FALSE(policy.isModerator("other", "mia"));
    EXPECT_EQ(policy.moderators("room"), std::vector<std::string>{"mia"});
    policy.setModerator("room", "mia", false);
    EXPECT_FALSE(policy.isModerator("room", "mia"));
}

TEST_F(ModerationPolicyTest, RememberedUsersStayBounded) {
    for (std::size_t i = 0; i <= ModerationPolicy::kMaxRememberedUsers; ++i)
        policy.rememberUser("u" + std::to_string(i), false, 1);
    EXPECT_TRUE(policy.accountCreatedAt("u" + std::to_string(ModerationPolicy::kMaxRememberedUsers)));
    std::size_t known = 0;
    for (std::size_t i = 0; i <= ModerationPolicy::kMaxRememberedUsers; ++i)
        known += policy.accountCreatedAt("u" + std::to_string(i)) ? 1 : 0;
    EXPECT_LE(known, ModerationPolicy::kMaxRememberedUsers);
}

TEST_F(ModerationPolicyTest, ForgettingARoomDropsItsModeratorsBansAndSettings) {
    policy.setModerator("room", "mia", true);
    policy.setBanned("room", "bob", true);
    policy.setBanned("", "eve", true);
    policy.setSettings("room", {5, 5});
    policy.forgetRoom("room");
    EXPECT_FALSE(policy.isModerator("room", "mia"));
    EXPECT_FALSE(policy.bannedInRoom("room", "bob"));
    EXPECT_TRUE(policy.bannedOnSite("eve"));
    EXPECT_EQ(policy.settings("room"), RoomChatSettings{});
}

}  // namespace
}  // namespace sockstream::chat
