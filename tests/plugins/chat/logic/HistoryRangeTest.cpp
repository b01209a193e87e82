#include <gtest/gtest.h>

#include "logic/HistoryRange.h"

using namespace sockstream::chat;

namespace {

HistoryRangeResult parse(std::map<std::string, std::string> query) {
    return parseHistoryRange(query);
}

}  // namespace

TEST(HistoryRange, ReadsFromToAndTheDefaultLimit) {
    const auto result = parse({{"from", "1700000000000"}, {"to", "1700000060000"}});
    ASSERT_TRUE(result.range);
    EXPECT_EQ(result.range->fromMs, 1700000000000);
    EXPECT_EQ(result.range->toMs, 1700000060000);
    EXPECT_EQ(result.range->limit, HistoryRange::kDefaultLimit);
}

TEST(HistoryRange, TakesALimitFromOneToTheMaximum) {
    EXPECT_EQ(parse({{"from", "0"}, {"to", "1"}, {"limit", "1"}}).range->limit, 1u);
    EXPECT_EQ(parse({{"from", "0"}, {"to", "1"}, {"limit", "1000"}}).range->limit, 1000u);
    for (const char* bad : {"0", "1001", "-1", "", "10a", "1e3", " 5", "99999999999999999999"}) {
        const auto result = parse({{"from", "0"}, {"to", "1"}, {"limit", bad}});
        EXPECT_FALSE(result.range) << bad;
        EXPECT_NE(result.error.message.find("'limit'"), std::string::npos) << result.error.message;
    }
}

TEST(HistoryRange, RefusesMissingOrMalformedTimesNamingTheParameter) {
    EXPECT_NE(parse({{"to", "5"}}).error.message.find("'from' is missing"), std::string::npos);
    EXPECT_NE(parse({{"from", "5"}}).error.message.find("'to' is missing"), std::string::npos);
    for (const char* bad : {"", "-5", "+5", "5.0", "0x10", "1e12", "1700000000000 ", "１２", "1234567890123456"}) {
        const auto result = parse({{"from", bad}, {"to", "9"}});
        EXPECT_FALSE(result.range) << bad;
        EXPECT_NE(result.error.message.find("'from' must be"), std::string::npos) << bad << ": " << result.error.message;
    }
    // Fifteen digits is the most: still exact as a JavaScript number.
    EXPECT_TRUE(parse({{"from", "0"}, {"to", "999999999999999"}}).range);
}

TEST(HistoryRange, ToMustBeLaterThanFrom) {
    EXPECT_FALSE(parse({{"from", "10"}, {"to", "10"}}).range);
    const auto result = parse({{"from", "11"}, {"to", "10"}});
    EXPECT_FALSE(result.range);
    EXPECT_EQ(result.error.message, "The query parameter 'to' must be later than 'from'.");
}

TEST(HistoryRange, IgnoresOtherParametersSuchAsCacheBusters) {
    EXPECT_TRUE(parse({{"from", "1"}, {"to", "2"}, {"_", "123"}}).range);
}
