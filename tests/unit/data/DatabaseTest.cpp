#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "TempDir.h"
#include "data/DatabaseImpl.h"

using namespace Poco::Data::Keywords;

namespace sockstream::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class DatabaseTest : public ::testing::Test {
protected:
    std::unique_ptr<DatabaseImpl> open() {
        return std::make_unique<DatabaseImpl>(dir.file("test.db"), Poco::Logger::get("test.database"));
    }
    static int count(Database& database, const std::string& sql) {
        Poco::Data::Session session = database.session();
        int n = 0;
        session << sql, into(n), now;
        return n;
    }
    static bool tableExists(Database& database, const std::string& table) {
        Poco::Data::Session session = database.session();
        int n = 0;
        std::string name = table;
        session << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", use(name), into(n), now;
        return n == 1;
    }

    test::TempDir dir;
    std::vector<Migration> notes{
        {1, "notes table", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)"},
        {2, "seed and tag", "INSERT INTO notes (text) VALUES ('first; with a semicolon');"
                            "ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT ''"},
    };
};

TEST(SplitSqlStatements, SplitsAtTopLevelSemicolonsOnly) {
    EXPECT_THAT(splitSqlStatements("CREATE TABLE a (x); CREATE TABLE b (y);  "),
                ElementsAre("CREATE TABLE a (x)", "CREATE TABLE b (y)"));
    EXPECT_THAT(splitSqlStatements("INSERT INTO t VALUES ('a;b'); INSERT INTO \"we;ird\" VALUES (1)"),
                ElementsAre("INSERT INTO t VALUES ('a;b')", "INSERT INTO \"we;ird\" VALUES (1)"));
    EXPECT_THAT(splitSqlStatements(" ; ;"), ElementsAre());
}

TEST_F(DatabaseTest, OpensInWalModeAndReportsItsDialect) {
    auto database = open();
    EXPECT_EQ(database->dialect(), "sqlite");
    Poco::Data::Session session = database->session();
    std::string mode;
    session << "PRAGMA journal_mode", into(mode), now;
    EXPECT_EQ(mode, "wal");
    int foreignKeys = 0;
    session << "PRAGMA foreign_keys", into(foreignKeys), now;
    EXPECT_EQ(foreignKeys, 1);
}

TEST_F(DatabaseTest, EveryPooledConnectionWaitsOnABusyWriterAndEnforcesForeignKeys) {
    auto database = open();
    // Held at once, so the pool has to open new connections for them; then
    // given back and taken again, so they come from the pool.
    for (int round = 0; round < 2; ++round) {
        std::vector<Poco::Data::Session> held;
        for (int i = 0; i < 4; ++i) held.push_back(database->session());
        for (auto& session : held) {
            int busyTimeout = 0, foreignKeys = 0;
            session << "PRAGMA busy_timeout", into(busyTimeout), now;
            session << "PRAGMA foreign_keys", into(foreignKeys), now;
            EXPECT_EQ(busyTimeout, 5000) << "round " << round;
            EXPECT_EQ(foreignKeys, 1) << "round " << round;
        }
    }
}

TEST_F(DatabaseTest, AppliesMigrationsInOrder) {
    auto database = open();
    database->migrate("notes", notes);
    EXPECT_EQ(database->appliedVersion("notes"), 2);
    EXPECT_EQ(count(*database, "SELECT COUNT(*) FROM notes WHERE tag = ''"), 1);
    EXPECT_EQ(count(*database, "SELECT COUNT(*) FROM schema_migrations WHERE component = 'notes'"), 2);
}

TEST_F(DatabaseTest, RerunningIsIdempotentAndOnlyNewVersionsApply) {
    auto database = open();
    database->migrate("notes", {notes[0]});
    EXPECT_EQ(database->appliedVersion("notes"), 1);
    database->migrate("notes", notes);
    database->migrate("notes", notes);
    EXPECT_EQ(database->appliedVersion("notes"), 2);
    EXPECT_EQ(count(*database, "SELECT COUNT(*) FROM notes"), 1) << "the seed ran once";

    database.reset();
    auto reopened = open();
    reopened->migrate("notes", notes);
    EXPECT_EQ(count(*reopened, "SELECT COUNT(*) FROM notes"), 1) << "nor again after a restart";
}

TEST_F(DatabaseTest, ComponentsAreVersionedSeparately) {
    auto database = open();
    database->migrate("notes", notes);
    database->migrate("other", {{1, "other table", "CREATE TABLE other (x INTEGER)"}});
    EXPECT_EQ(database->appliedVersion("notes"), 2);
    EXPECT_EQ(database->appliedVersion("other"), 1);
    EXPECT_EQ(database->appliedVersion("absent"), 0);
}

TEST_F(DatabaseTest, FailingMigrationRollsBackAndNamesComponentAndVersion) {
    auto database = open();
    database->migrate("notes", {notes[0]});
    std::vector<Migration> broken = {
        notes[0],
        {2, "half good", "CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1)"},
        {3, "never reached", "CREATE TABLE later (x INTEGER)"},
    };
    try {
        database->migrate("notes", broken);
        FAIL() << "the migration must fail";
    } catch (const std::exception& error) {
        EXPECT_THAT(error.what(), HasSubstr("notes migration 2"));
        EXPECT_THAT(error.what(), HasSubstr("half good"));
        EXPECT_THAT(error.what(), HasSubstr("no_such_table")) << "the database's own error is kept";
    }
    EXPECT_EQ(database->appliedVersion("notes"), 1);
    EXPECT_FALSE(tableExists(*database, "half")) << "the failed step left nothing behind";
    EXPECT_FALSE(tableExists(*database, "later"));

    broken[1].sql = "CREATE TABLE half (x INTEGER)";
    database->migrate("notes", broken);
    EXPECT_EQ(database->appliedVersion("notes"), 3) << "a fixed migration applies on the next start";
}

TEST_F(DatabaseTest, VersionsMustIncrease) {
    auto database = open();
    EXPECT_THROW(database->migrate("bad", {{1, "a", "SELECT 1"}, {1, "b", "SELECT 1"}}), std::invalid_argument);
    EXPECT_THROW(database->migrate("bad", {{0, "zero", "SELECT 1"}}), std::invalid_argument);
    EXPECT_EQ(database->appliedVersion("bad"), 0);
}

TEST_F(DatabaseTest, UnopenableFileIsNamed) {
    std::string path = dir.file("missing-dir/sub/test.db");
    try {
        DatabaseImpl database(path, Poco::Logger::get("test.database"));
        FAIL() << "a database in a missing directory cannot be opened";
    } catch (const std::exception& error) {
        EXPECT_THAT(error.what(), HasSubstr(path));
    }
}

}  // namespace
}  // namespace sockstream::core
