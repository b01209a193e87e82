#include <gtest/gtest.h>

#include "RetentionPolicy.h"

using namespace sockstream::recordings;

namespace {
constexpr std::int64_t kDay = 86'400'000;
StoredRecording rec(const char* id, const char* room, std::int64_t started, std::int64_t size, bool live = false) {
    return StoredRecording{id, room, started, size, live};
}
std::vector<std::string> ids(const std::vector<Expired>& expired) {
    std::vector<std::string> out;
    for (const auto& e : expired) out.push_back(e.id);
    return out;
}
}  // namespace

TEST(Retention, NoLimitsKeepEverything) {
    EXPECT_TRUE(expiredRecordings({rec("a", "r", 0, 100), rec("b", "r", 1, 100)}, {}, 100 * kDay).empty());
}

TEST(Retention, AgeDeletesOldOnesButNeverOneInProgress) {
    RetentionLimits limits;
    limits.maxAgeMs = 30 * kDay;
    const auto expired = expiredRecordings(
        {rec("new", "r", 90 * kDay, 1), rec("old", "r", 10 * kDay, 1), rec("live", "r", 1 * kDay, 1, true)}, limits,
        100 * kDay);
    EXPECT_EQ(ids(expired), std::vector<std::string>{"old"});
    EXPECT_EQ(expired[0].reason, "older than 30 days");
}

TEST(Retention, RoomQuotaDeletesOldestFirstPerRoom) {
    RetentionLimits limits;
    limits.roomQuotaBytes = 250;
    const auto expired = expiredRecordings({rec("r1-c", "r1", 3, 100), rec("r1-a", "r1", 1, 100), rec("r1-b", "r1", 2, 100),
                                            rec("r2-a", "r2", 0, 200)},
                                           limits, 10);
    EXPECT_EQ(ids(expired), std::vector<std::string>{"r1-a"});
    EXPECT_EQ(expired[0].reason, "over the room's quota");
}

TEST(Retention, RecordingInProgressCountsButIsKept) {
    RetentionLimits limits;
    limits.roomQuotaBytes = 150;
    // The live one alone is over the quota: every finished one goes, the live one stays.
    const auto expired = expiredRecordings({rec("old", "r", 1, 100), rec("mid", "r", 2, 100), rec("live", "r", 3, 200, true)},
                                           limits, 10);
    EXPECT_EQ(ids(expired), (std::vector<std::string>{"old", "mid"}));
}

TEST(Retention, TotalQuotaDeletesOldestAcrossRooms) {
    RetentionLimits limits;
    limits.totalQuotaBytes = 300;
    const auto expired = expiredRecordings({rec("b1", "b", 2, 100), rec("a1", "a", 1, 100), rec("a2", "a", 3, 100),
                                            rec("b2", "b", 4, 100), rec("c1", "c", 5, 100)},
                                           limits, 10);
    EXPECT_EQ(ids(expired), (std::vector<std::string>{"a1", "b1"}));
    EXPECT_EQ(expired[1].reason, "over the total quota");
}

TEST(Retention, AgeThenRoomThenTotalWithoutDeletingTwice) {
    RetentionLimits limits;
    limits.maxAgeMs = 5 * kDay;
    limits.roomQuotaBytes = 150;
    limits.totalQuotaBytes = 150;
    const auto expired = expiredRecordings({rec("ancient", "a", 0, 100), rec("a1", "a", 8 * kDay, 100),
                                            rec("a2", "a", 9 * kDay, 100), rec("b1", "b", 7 * kDay, 100)},
                                           limits, 10 * kDay);
    EXPECT_EQ(ids(expired), (std::vector<std::string>{"ancient", "a1", "b1"}));
}
