#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data/PostgresConnectionString.h"

namespace sockstream::core {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(PostgresConnectionString, TurnsAUrlIntoKeyValuePairs) {
    EXPECT_EQ(toPocoPostgresConnectionString("postgresql://app:secret@db.internal:6432/sockstream"),
              "user=app password=secret dbname=sockstream host=db.internal port=6432");
    EXPECT_EQ(toPocoPostgresConnectionString("postgres://db/live?sslmode=require&connect_timeout=5"),
              "connect_timeout=5 dbname=live host=db sslmode=require");
}

TEST(PostgresConnectionString, DecodesPercentEncodingAndEscapesForLibpq) {
    EXPECT_EQ(toPocoPostgresConnectionString("postgresql://app:p%40ss'w%5Cd@db/x"),
              "user=app password=p@ss\\'w\\\\d dbname=x host=db");
}

TEST(PostgresConnectionString, AcceptsLibpqKeyValuePairs) {
    // libpq's own option order, whatever the input's.
    EXPECT_EQ(toPocoPostgresConnectionString("host=127.0.0.1 port=5433 dbname=s user=u"),
              "user=u dbname=s host=127.0.0.1 port=5433");
    EXPECT_EQ(toPocoPostgresConnectionString("host=db password='it\\'s'"), "password=it\\'s host=db");
}

TEST(PostgresConnectionString, RefusesWhatPocoCannotPass) {
    EXPECT_THROW(toPocoPostgresConnectionString(""), std::invalid_argument);
    EXPECT_THROW(toPocoPostgresConnectionString("   "), std::invalid_argument);
    EXPECT_THROW(toPocoPostgresConnectionString("mysql://db/x"), std::invalid_argument);
    EXPECT_THROW(toPocoPostgresConnectionString("host"), std::invalid_argument);
    EXPECT_THROW(toPocoPostgresConnectionString("postgresql://db/x?nosuchoption=1"), std::invalid_argument);
    try {
        toPocoPostgresConnectionString("postgresql://app:two%20words@db/x");
        FAIL() << "a password with a space was accepted";
    } catch (const std::invalid_argument& error) {
        EXPECT_THAT(error.what(), HasSubstr("\"password\" contains whitespace"));
        EXPECT_THAT(error.what(), HasSubstr("PGPASSWORD"));
        EXPECT_THAT(error.what(), Not(HasSubstr("two words")));
    }
}

TEST(PostgresConnectionString, DescriptionLeavesThePasswordOut) {
    std::string description = describePostgresConnection("postgresql://app:hunter2@db:5432/sockstream");
    EXPECT_THAT(description, Not(HasSubstr("hunter2")));
    EXPECT_THAT(description, HasSubstr("host=db"));
    EXPECT_THAT(description, HasSubstr("user=app"));
    EXPECT_THAT(describePostgresConnection("host=db password=hunter2"), Not(HasSubstr("hunter2")));
}

}  // namespace
}  // namespace sockstream::core
