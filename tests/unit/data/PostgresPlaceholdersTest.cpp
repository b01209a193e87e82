#include <gtest/gtest.h>

#include <Poco/Data/Session.h>

#include "TempDir.h"
#include "data/DatabaseImpl.h"
#include "data/PostgresPlaceholders.h"

using namespace Poco::Data::Keywords;

namespace sockstream::core {
namespace {

TEST(PostgresPlaceholders, NumbersQuestionMarksInOrder) {
    EXPECT_EQ(toPostgresPlaceholders("INSERT INTO t (a, b, c) VALUES (?, ?, ?)"),
              "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)");
    EXPECT_EQ(toPostgresPlaceholders("SELECT x FROM t WHERE a = ? ORDER BY s DESC LIMIT ?"),
              "SELECT x FROM t WHERE a = $1 ORDER BY s DESC LIMIT $2");
    std::string many = "VALUES (";
    std::string expected = "VALUES (";
    for (int i = 1; i <= 12; ++i) {
        many += i > 1 ? ",?" : "?";
        expected += (i > 1 ? ",$" : "$") + std::to_string(i);
    }
    EXPECT_EQ(toPostgresPlaceholders(many + ")"), expected + ")");
}

TEST(PostgresPlaceholders, LeavesStatementsWithoutParametersAlone) {
    const std::string sql = "UPDATE stream_keys SET state = 'interrupted' WHERE state = 'live'";
    EXPECT_EQ(toPostgresPlaceholders(sql), sql);
    EXPECT_EQ(toPostgresPlaceholders(""), "");
}

TEST(PostgresPlaceholders, IgnoresQuestionMarksInLiteralsAndComments) {
    EXPECT_EQ(toPostgresPlaceholders("SELECT '?', \"odd?name\" FROM t WHERE a = ?"),
              "SELECT '?', \"odd?name\" FROM t WHERE a = $1");
    EXPECT_EQ(toPostgresPlaceholders("SELECT 'it''s ?' WHERE a = ?"), "SELECT 'it''s ?' WHERE a = $1");
    EXPECT_EQ(toPostgresPlaceholders("SELECT a -- why?\nFROM t WHERE b = ?"), "SELECT a -- why?\nFROM t WHERE b = $1");
    EXPECT_EQ(toPostgresPlaceholders("SELECT /* a? b? */ a FROM t WHERE b = ?"),
              "SELECT /* a? b? */ a FROM t WHERE b = $1");
    // An unterminated literal swallows the rest rather than numbering inside it.
    EXPECT_EQ(toPostgresPlaceholders("SELECT 'open ?"), "SELECT 'open ?");
}

TEST(PostgresPlaceholders, PassesNumberedPlaceholdersThrough) {
    // Statements already written for PostgreSQL (as the chat plugin's were) keep working.
    const std::string sql = "DELETE FROM chat_messages WHERE id = $1 AND room_id = $2";
    EXPECT_EQ(toPostgresPlaceholders(sql), sql);
    EXPECT_EQ(toPostgresPlaceholders("SELECT price$1 FROM t WHERE a = ?"), "SELECT price$1 FROM t WHERE a = $1");
}

TEST(PostgresPlaceholders, RefusesToMixTheTwoForms) {
    EXPECT_THROW(toPostgresPlaceholders("SELECT a FROM t WHERE b = $1 AND c = ?"), std::invalid_argument);
    EXPECT_THROW(toPostgresPlaceholders("SELECT a FROM t WHERE b = ? AND c = $2"), std::invalid_argument);
}

TEST(PostgresPlaceholders, TheRuleRunsUnchangedOnSqlite) {
    // The rule is "write ?": the same text must work on the zero-set-up default.
    test::TempDir dir;
    DatabaseImpl database(dir.file("rule.db"), Poco::Logger::get("test.database"));
    Poco::Data::Session session = database.session();
    session << "CREATE TABLE t (id TEXT PRIMARY KEY, n BIGINT NOT NULL)", now;
    std::string id = "a";
    std::int64_t n = 42;
    session << "INSERT INTO t (id, n) VALUES (?, ?)", use(id), use(n), now;
    std::int64_t read = 0;
    int limit = 1;
    session << "SELECT n FROM t WHERE id = ? LIMIT ?", use(id), use(limit), into(read), now;
    EXPECT_EQ(read, 42);
}

}  // namespace
}  // namespace sockstream::core
