#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "logic/MuteList.h"
#include "moderation/ModerationSync.h"
#include "MockCluster.h"

namespace sockstream::chat {
namespace {

using Change = ModerationSync::Change;

TEST(ModerationSync, ChangesRoundTrip) {
    for (const Change& change : {Change{Change::Kind::Moderator, "room", "mia", true, {}},
                                 Change{Change::Kind::Ban, "", "eve", true, {}},
                                 Change{Change::Kind::Ban, "room", "bob", false, {}},
                                 Change{Change::Kind::Settings, "room", "", false, {30, 10}}}) {
        auto decoded = ModerationSync::decode(ModerationSync::encode(change));
        ASSERT_TRUE(decoded) << ModerationSync::encode(change);
        EXPECT_EQ(decoded->kind, change.kind);
        EXPECT_EQ(decoded->roomId, change.roomId);
        EXPECT_EQ(decoded->userId, change.userId);
        EXPECT_EQ(decoded->on, change.on);
        EXPECT_EQ(decoded->settings, change.settings);
    }
}

TEST(ModerationSync, IgnoresMalformedMessages) {
    for (const char* bad : {"", "[]", "{", "null", R"({"type":"ban"})", R"({"type":"ban","roomId":"r","userId":"u"})",
                            R"({"type":"ban","roomId":"r","userId":"","on":true})",
                            R"({"type":"ban","roomId":"r","userId":"u","on":1})",
                            R"({"type":"moderator","roomId":"","userId":"u","on":true})",
                            R"({"type":"settings","roomId":"r","slowModeSeconds":-1,"establishedMinutes":0})",
                            R"({"type":"settings","roomId":"r","slowModeSeconds":3601,"establishedMinutes":0})",
                            R"({"type":"settings","roomId":"","slowModeSeconds":1,"establishedMinutes":0})",
                            R"({"type":"mute","roomId":"r","userId":"u","on":true})"})
        EXPECT_FALSE(ModerationSync::decode(bad)) << bad;
    EXPECT_FALSE(ModerationSync::decode(R"({"type":"ban","roomId":")" + std::string(200, 'r') +
                                        R"(","userId":"u","on":true})"));
    EXPECT_FALSE(ModerationSync::decode(std::string(5000, ' ')));
}

TEST(ModerationSync, AnotherServersChangeReachesThePolicy) {
    ::testing::NiceMock<mocks::MockCluster> cluster;
    ON_CALL(cluster, enabled()).WillByDefault(::testing::Return(true));
    ClusterMessageHandler handler;
    EXPECT_CALL(cluster, subscribe(std::string(ModerationSync::kChannel), ::testing::_))
        .WillOnce(::testing::DoAll(::testing::SaveArg<1>(&handler), ::testing::Return(7)));
    MuteList timeouts;
    ModerationPolicy policy(timeouts);
    ModerationSync sync(cluster, policy);
    std::recursive_mutex mutex;
    auto owner = std::make_shared<int>(0);
    sync.subscribe(mutex, owner);
    ASSERT_TRUE(handler);
    handler(ModerationSync::encode({Change::Kind::Ban, "room", "bob", true, {}}));
    EXPECT_TRUE(policy.bannedInRoom("room", "bob"));
    handler(ModerationSync::encode({Change::Kind::Settings, "room", "", false, {5, 0}}));
    EXPECT_EQ(policy.settings("room").slowModeSeconds, 5);
    EXPECT_CALL(cluster, publish(std::string(ModerationSync::kChannel), ::testing::HasSubstr("\"mia\"")));
    sync.share({Change::Kind::Moderator, "room", "mia", true, {}});
    EXPECT_CALL(cluster, unsubscribe(7u));
    sync.unsubscribe();
    owner.reset();
    handler(ModerationSync::encode({Change::Kind::Ban, "room", "eve", true, {}}));
    EXPECT_FALSE(policy.bannedInRoom("room", "eve")) << "nothing once the chat is gone";
}

}  // namespace
}  // namespace sockstream::chat
