#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>
#include <Poco/Logger.h>

#include "store/ChatStore.h"
#include "ManualScheduler.h"
#include "MockHealth.h"
#include "TempDir.h"
#include "data/DatabaseImpl.h"

using namespace Poco::Data::Keywords;
using ::testing::_;

namespace sockstream::chat {
namespace {

/// A ChatStore on a real SQLite file; the hand-driven scheduler runs worker
/// tasks at once and the commit timer only when the test moves the clock.
class ChatStoreTest : public ::testing::Test {
protected:
    test::TempDir dir;
    core::DatabaseImpl database{dir.file("chat.db"), Poco::Logger::get("test.chat")};
    test::ManualScheduler scheduler;
    ::testing::StrictMock<mocks::MockHealth> health;
    ChatStore store{database, scheduler, health, Poco::Logger::get("test.chat")};

    void SetUp() override { store.migrate(); }

    static ChatMessage message(const std::string& id, const std::string& room = "r1") {
        return ChatMessage{id, room, ChatUser{"u1", "Ann"}, "text " + id, 1000};
    }
    int storedRows() {
        Poco::Data::Session session = database.session();
        int count = 0;
        session << "SELECT count(*) FROM chat_messages", into(count), now;
        return count;
    }
    void execute(const std::string& sql) {
        Poco::Data::Session session = database.session();
        session << sql, now;
    }
    /// The database refuses every chat write, as a full disk does.
    void refuseWrites() {
        execute("CREATE TRIGGER refuse_insert BEFORE INSERT ON chat_messages BEGIN SELECT RAISE(ABORT, 'disk full'); END");
        execute("CREATE TRIGGER refuse_probe BEFORE UPDATE ON chat_health BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    }
    void acceptWrites() {
        execute("DROP TRIGGER refuse_insert");
        execute("DROP TRIGGER refuse_probe");
    }
    std::vector<std::string> historyIds(const std::string& room = "r1", std::size_t limit = 100) {
        std::vector<std::string> ids;
        for (const auto& m : store.loadHistory(room, limit)) ids.push_back(m.id);
        return ids;
    }
};

TEST_F(ChatStoreTest, MessagesShareOneCommitAfterTheDelayAndAreInHistoryBefore) {
    std::vector<bool> stored;
    store.append(message("a"), [&](bool ok) { stored.push_back(ok); });
    store.append(message("b"), [&](bool ok) { stored.push_back(ok); });
    store.append(message("c", "r2"), [&](bool ok) { stored.push_back(ok); });
    EXPECT_TRUE(stored.empty()) << "the first message waits for others to share its commit";
    EXPECT_EQ(storedRows(), 0);
    EXPECT_EQ(historyIds(), (std::vector<std::string>{"a", "b"})) << "history includes messages not committed yet";

    scheduler.advance(ChatStore::commitDelay);
    EXPECT_EQ(stored, (std::vector<bool>{true, true, true}));
    EXPECT_EQ(storedRows(), 3);
    EXPECT_EQ(historyIds(), (std::vector<std::string>{"a", "b"})) << "committed ones are not listed twice";
    EXPECT_EQ(historyIds("r2"), std::vector<std::string>{"c"});
}

TEST_F(ChatStoreTest, ACommitWaitsForTheDiskSoAStoredMessageSurvivesAPowerCut) {
    // The sender's ack waits for `stored`: the commit must not skip the sync.
    std::optional<bool> stored;
    store.append(message("a"), [&](bool ok) {
        Poco::Data::Session session = database.session();
        int synchronous = -1;
        session << "PRAGMA synchronous", into(synchronous), now;
        EXPECT_EQ(synchronous, 2) << "FULL";
        stored = ok;
    });
    EXPECT_FALSE(stored) << "no ack before the commit";
    scheduler.advance(ChatStore::commitDelay);
    EXPECT_EQ(stored, true);
}

TEST_F(ChatStoreTest, AFailedCommitTellsEveryMessageAndFailsTheHealthCheckOnce) {
    refuseWrites();
    EXPECT_CALL(health, fail("database", ChatStore::kUnwritable)).Times(1);
    std::vector<bool> stored;
    store.append(message("a"), [&](bool ok) { stored.push_back(ok); });
    store.append(message("b"), [&](bool ok) { stored.push_back(ok); });
    scheduler.advance(ChatStore::commitDelay);
    EXPECT_EQ(stored, (std::vector<bool>{false, false}));
    EXPECT_TRUE(historyIds().empty()) << "a refused message leaves the pending history too";

    store.append(message("c"), [&](bool ok) { stored.push_back(ok); });
    scheduler.advance(ChatStore::commitDelay);
    EXPECT_EQ(stored.back(), false);
    ::testing::Mock::VerifyAndClearExpectations(&health);

    acceptWrites();
    EXPECT_CALL(health, pass("database")).Times(1);
    store.append(message("d"), [&](bool ok) { stored.push_back(ok); });
    scheduler.advance(ChatStore::commitDelay);
    EXPECT_EQ(stored.back(), true);
    EXPECT_EQ(historyIds(), std::vector<std::string>{"d"});
}

TEST_F(ChatStoreTest, WhileFailingAProbeFindsTheDatabaseWritableAgainWithoutNewMessages) {
    refuseWrites();
    EXPECT_CALL(health, fail("database", _)).Times(1);
    store.append(message("a"), {});
    scheduler.advance(ChatStore::commitDelay);
    scheduler.advance(ChatStore::probeInterval);  // the probe is refused too: still failing
    ::testing::Mock::VerifyAndClearExpectations(&health);

    acceptWrites();
    EXPECT_CALL(health, pass("database")).Times(1);
    scheduler.advance(ChatStore::probeInterval);
    ::testing::Mock::VerifyAndClearExpectations(&health);
    scheduler.advance(ChatStore::probeInterval * 3);  // no probe once healthy (StrictMock: no more calls)
    EXPECT_EQ(scheduler.pendingTimers(), 0u);
}

TEST_F(ChatStoreTest, HistoryKeepsTheNewestInOrderAcrossStoredAndPending) {
    for (const char* id : {"m1", "m2", "m3"}) store.append(message(id), {});
    scheduler.advance(ChatStore::commitDelay);
    for (const char* id : {"m4", "m5"}) store.append(message(id), {});
    EXPECT_EQ(historyIds("r1", 3), (std::vector<std::string>{"m3", "m4", "m5"}));
}

TEST_F(ChatStoreTest, AFullBatchCommitsWithoutWaiting) {
    std::size_t stored = 0;
    for (std::size_t i = 0; i < ChatStore::maxBatch; ++i) store.append(message("m" + std::to_string(i)), [&](bool) { ++stored; });
    EXPECT_EQ(stored, ChatStore::maxBatch);
    EXPECT_EQ(storedRows(), static_cast<int>(ChatStore::maxBatch));
}

TEST_F(ChatStoreTest, DeletingAPendingMessageHidesItAndDoesNotWait) {
    store.append(message("keep"), {});
    store.append(message("gone"), {});
    std::optional<bool> removed;
    store.removeMessage("r1", "gone", [&](bool ok) { removed = ok; });
    EXPECT_EQ(removed, std::optional<bool>(true)) << "a deletion commits at once, with the inserts queued before it";
    EXPECT_EQ(historyIds(), std::vector<std::string>{"keep"});
    EXPECT_EQ(storedRows(), 1);
}

TEST_F(ChatStoreTest, WaitIdleCommitsWhatTheTimerHasNotYet) {
    bool stored = false;
    store.append(message("last"), [&](bool ok) { stored = ok; });
    store.waitIdle();
    EXPECT_TRUE(stored);
    EXPECT_EQ(storedRows(), 1);
}

}  // namespace
}  // namespace sockstream::chat
