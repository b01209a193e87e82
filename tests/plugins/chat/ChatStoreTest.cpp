#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>
#include <Poco/Logger.h>

#include "ChatStore.h"
#include "ManualScheduler.h"
#include "TempDir.h"
#include "data/DatabaseImpl.h"

using namespace Poco::Data::Keywords;

namespace sockstream::chat {
namespace {

/// A ChatStore on a real SQLite file; the hand-driven scheduler runs worker
/// tasks at once and the commit timer only when the test moves the clock.
class ChatStoreTest : public ::testing::Test {
protected:
    test::TempDir dir;
    core::DatabaseImpl database{dir.file("chat.db"), Poco::Logger::get("test.chat")};
    test::ManualScheduler scheduler;
    ChatStore store{database, scheduler};

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

TEST_F(ChatStoreTest, ACommitLeavesTheConnectionsDurabilitySettingAsItWas) {
    // The pool hands this connection back to the store's commit, then to us.
    int before = -1;
    {
        Poco::Data::Session session = database.session();
        session << "PRAGMA synchronous", into(before), now;
    }
    ASSERT_EQ(before, 2) << "SQLite's default, FULL";
    std::optional<bool> stored;
    store.append(message("a"), [&](bool ok) { stored = ok; });
    scheduler.advance(ChatStore::commitDelay);
    ASSERT_EQ(stored, true);
    Poco::Data::Session session = database.session();
    int after = -1;
    session << "PRAGMA synchronous", into(after), now;
    EXPECT_EQ(after, before);
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
