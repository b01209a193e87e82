#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Logger.h>

#include "history/ChatHistoryReader.h"
#include "logic/HistoryRange.h"
#include "store/ChatStore.h"
#include "ManualScheduler.h"
#include "MockHealth.h"
#include "TempDir.h"
#include "data/DatabaseImpl.h"

using namespace Poco::Data::Keywords;

namespace sockstream::chat {
namespace {

/// The replay's reads by time range, on a real SQLite file written by the real
/// ChatStore (so the columns and the deletion are the store's own).
class ChatHistoryReaderTest : public ::testing::Test {
protected:
    test::TempDir dir;
    core::DatabaseImpl database{dir.file("chat.db"), Poco::Logger::get("test.chat")};
    test::ManualScheduler scheduler;
    ::testing::NiceMock<mocks::MockHealth> health;
    ChatStore store{database, scheduler, health, Poco::Logger::get("test.chat")};
    ChatHistoryReader reader{database};

    void SetUp() override {
        store.migrate();
        reader.migrate();
    }

    /// Stores messages `id` at `ts` and commits them.
    void post(std::vector<std::pair<std::string, std::int64_t>> messages, const std::string& room = "r1") {
        for (auto& [id, ts] : messages) store.append(ChatMessage{id, room, ChatUser{"u1", "Ann"}, "text " + id, ts}, nullptr);
        scheduler.advance(ChatStore::commitDelay);
    }
    std::vector<std::string> ids(std::int64_t from, std::int64_t to, std::size_t limit = 500, bool* more = nullptr,
                                 const std::string& room = "r1") {
        HistoryRange range;
        range.fromMs = from;
        range.toMs = to;
        range.limit = limit;
        const HistoryPage page = reader.read(room, range);
        if (more) *more = page.more;
        std::vector<std::string> out;
        for (const auto& m : page.messages) out.push_back(m.id);
        return out;
    }
    std::string plan(const std::string& sql) {
        Poco::Data::Session session = database.session();
        Poco::Data::Statement statement(session);
        statement << "EXPLAIN QUERY PLAN " + sql;
        statement.execute();
        Poco::Data::RecordSet rows(statement);
        std::string text;
        for (bool next = rows.moveFirst(); next; next = rows.moveNext())
            text += rows.value(rows.columnCount() - 1).convert<std::string>() + "\n";
        return text;
    }
};

TEST_F(ChatHistoryReaderTest, AWindowIsHalfOpenAndOldestFirst) {
    post({{"b", 2000}, {"a", 1000}, {"c", 3000}, {"d", 4000}});
    EXPECT_EQ(ids(1000, 3000), (std::vector<std::string>{"a", "b"})) << "from is inclusive, to exclusive";
    EXPECT_EQ(ids(0, 10000), (std::vector<std::string>{"a", "b", "c", "d"})) << "by time, not by arrival";
    EXPECT_EQ(ids(3000, 3001), std::vector<std::string>{"c"});
    EXPECT_TRUE(ids(5000, 6000).empty());
}

TEST_F(ChatHistoryReaderTest, MessagesOfOneMillisecondKeepTheirOrderOfArrival) {
    post({{"x", 1000}, {"y", 1000}, {"z", 1000}});
    EXPECT_EQ(ids(1000, 1001), (std::vector<std::string>{"x", "y", "z"}));
}

TEST_F(ChatHistoryReaderTest, MoreSaysTheWindowHoldsMessagesPastTheLimit) {
    post({{"a", 1}, {"b", 2}, {"c", 3}});
    bool more = false;
    EXPECT_EQ(ids(0, 10, 2, &more), (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(more);
    EXPECT_EQ(ids(0, 10, 3, &more).size(), 3u);
    EXPECT_FALSE(more) << "exactly the limit is not more";
}

TEST_F(ChatHistoryReaderTest, OnlyTheRoomAskedForAndNeverADeletedMessage) {
    post({{"a", 1000}, {"b", 2000}});
    post({{"other", 1500}}, "r2");
    bool removed = false;
    store.removeMessage("r1", "a", [&](bool ok) { removed = ok; });
    ASSERT_TRUE(removed);
    EXPECT_EQ(ids(0, 10000), std::vector<std::string>{"b"});
    EXPECT_EQ(ids(0, 10000, 500, nullptr, "r2"), std::vector<std::string>{"other"});
}

TEST_F(ChatHistoryReaderTest, TheMessageCarriesAuthorTextAndTime) {
    post({{"a", 1234}});
    HistoryRange range;
    range.fromMs = 0;
    range.toMs = 2000;
    const HistoryPage page = reader.read("r1", range);
    ASSERT_EQ(page.messages.size(), 1u);
    EXPECT_EQ(page.messages[0].roomId, "r1");
    EXPECT_EQ(page.messages[0].user.id, "u1");
    EXPECT_EQ(page.messages[0].user.name, "Ann");
    EXPECT_EQ(page.messages[0].text, "text a");
    EXPECT_EQ(page.messages[0].ts, 1234);
}

TEST_F(ChatHistoryReaderTest, AWindowIsAnIndexRangeScanWithoutASort) {
    const std::string text = plan(
        "SELECT id FROM chat_messages WHERE room_id = 'r1' AND created_at >= 1 AND created_at < 2"
        " ORDER BY created_at, seq LIMIT 501");
    EXPECT_THAT(text, ::testing::HasSubstr(std::string("USING INDEX ") + ChatHistoryReader::kIndexName))
        << text;
    EXPECT_THAT(text, ::testing::HasSubstr("created_at>? AND created_at<?")) << text;
    EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("TEMP B-TREE"))) << text;
}

}  // namespace
}  // namespace sockstream::chat
