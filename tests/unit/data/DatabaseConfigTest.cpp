#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ConfigFixtures.h"
#include "TempDir.h"
#include "config/ServerConfig.h"
#include "data/DatabaseFactory.h"

namespace sockstream::core {
namespace {

using test::environmentOf;
using test::configErrorFor;

using ::testing::HasSubstr;

TEST(DatabaseConfig, DefaultsToSqliteWithoutSetUp) {
    DatabaseConfig database = parseServerConfig("{}", "site.json").database;
    EXPECT_EQ(database.driver, "sqlite");
    EXPECT_EQ(database.url, "");
    EXPECT_EQ(database.poolSize, 16);
    EXPECT_EQ(parseServerConfig(R"({"database": {"driver": "sqlite"}})", "site.json").database.driver, "sqlite");
}

TEST(DatabaseConfig, ReadsPostgresql) {
    DatabaseConfig database = parseServerConfig(
        R"({"database": {"driver": "postgresql", "url": "postgresql://app:secret@db:5432/sockstream", "poolSize": 8}})",
        "site.json").database;
    EXPECT_EQ(database.driver, "postgresql");
    EXPECT_EQ(database.url, "postgresql://app:secret@db:5432/sockstream");
    EXPECT_EQ(database.poolSize, 8);
}

TEST(DatabaseConfig, RejectsWhatItDoesNotKnow) {
    EXPECT_EQ(configErrorFor(R"({"database": {"driver": "mysql"}})"),
              "site.json: database.driver must be \"sqlite\" or \"postgresql\"");
    EXPECT_EQ(configErrorFor(R"({"database": {"driver": "postgresql", "host": "db"}})"),
              "site.json: database.host is not a known setting");
    EXPECT_EQ(configErrorFor(R"({"database": "postgresql://db/x"})"), "site.json: database must be an object");
    EXPECT_EQ(configErrorFor(R"({"database": {"driver": 1}})"), "site.json: database.driver must be a string");
    EXPECT_EQ(configErrorFor(R"({"database": {"driver": "postgresql", "url": 5}})"), "site.json: database.url must be a string");
    EXPECT_EQ(configErrorFor(R"({"database": {"driver": "postgresql", "url": "host=db", "poolSize": 0}})"),
              "site.json: database.poolSize must be between 1 and 1000");
    EXPECT_EQ(configErrorFor(R"({"database": {"driver": "postgresql", "url": "host=db", "poolSize": true}})"),
              "site.json: database.poolSize must be an integer");
}

TEST(DatabaseConfig, PostgresqlSettingsDoNotApplyToSqlite) {
    // A URL left under the default driver would be silently ignored: say so instead.
    EXPECT_EQ(configErrorFor(R"({"database": {"url": "postgresql://db/x"}})"),
              "site.json: database.url only applies to driver \"postgresql\"");
    EXPECT_EQ(configErrorFor(R"({"database": {"driver": "sqlite", "poolSize": 4}})"),
              "site.json: database.poolSize only applies to driver \"postgresql\"");
}

TEST(DatabaseConfig, EnvironmentUrlSelectsPostgresql) {
    DatabaseConfig resolved =
        resolveDatabaseConfig(DatabaseConfig{}, environmentOf({{"SOCKSTREAM_DATABASE_URL", "postgresql://db/live"}}));
    EXPECT_EQ(resolved.driver, "postgresql");
    EXPECT_EQ(resolved.url, "postgresql://db/live");

    DatabaseConfig file{"postgresql", "postgresql://file/db", 4};
    resolved = resolveDatabaseConfig(file, environmentOf({{"SOCKSTREAM_DATABASE_URL", "host=env dbname=x"}}));
    EXPECT_EQ(resolved.url, "host=env dbname=x");
    EXPECT_EQ(resolved.poolSize, 4);

    resolved = resolveDatabaseConfig(file, environmentOf({{"SOCKSTREAM_DATABASE_URL", ""}}));
    EXPECT_EQ(resolved.url, "postgresql://file/db");
    EXPECT_EQ(resolveDatabaseConfig(DatabaseConfig{}, environmentOf({})).driver, "sqlite");
}

TEST(DatabaseConfig, PostgresqlNeedsAUrlFromFileOrEnvironment) {
    DatabaseConfig config = parseServerConfig(R"({"database": {"driver": "postgresql"}})", "site.json").database;
    try {
        resolveDatabaseConfig(config, environmentOf({}));
        FAIL() << "a PostgreSQL database without a URL was accepted";
    } catch (const ConfigError& error) {
        EXPECT_THAT(error.what(), HasSubstr("database.url is required"));
        EXPECT_THAT(error.what(), HasSubstr("SOCKSTREAM_DATABASE_URL"));
    }
}

TEST(DatabaseConfig, OpensSqliteInTheDataDirByDefault) {
    test::TempDir dir;
    auto database = openDatabase(DatabaseConfig{}, dir.path(), Poco::Logger::get("test.database"));
    EXPECT_EQ(database->dialect(), "sqlite");
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "sockstream.db"));
}

TEST(DatabaseConfig, UnreachablePostgresqlFailsNamingServerNotPassword) {
    DatabaseConfig config{"postgresql", "postgresql://app:hunter2@127.0.0.1:1/sockstream?connect_timeout=2", 2};
    try {
        openDatabase(config, ".", Poco::Logger::get("test.database"));
        FAIL() << "opened a database on a closed port";
    } catch (const std::runtime_error& error) {
        EXPECT_THAT(error.what(), HasSubstr("cannot open the PostgreSQL database"));
        EXPECT_THAT(error.what(), HasSubstr("port=1"));
        EXPECT_THAT(error.what(), ::testing::Not(HasSubstr("hunter2")));
    }
}

}  // namespace
}  // namespace sockstream::core
