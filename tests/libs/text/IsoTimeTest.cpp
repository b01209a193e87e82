#include "sockstream-text/IsoTime.h"

#include <gtest/gtest.h>

using sockstream::lib::text::isoTime;

TEST(IsoTime, WritesUtcWithMilliseconds) {
    EXPECT_EQ(isoTime(std::int64_t{0}), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(isoTime(std::int64_t{1'795'500'000'123}), "2026-11-24T06:00:00.123Z");
    EXPECT_EQ(isoTime(std::int64_t{951'782'400'007}), "2000-02-29T00:00:00.007Z");  // a leap day
    EXPECT_EQ(isoTime(std::int64_t{253'402'300'799'999}), "9999-12-31T23:59:59.999Z");
}

TEST(IsoTime, TimesBefore1970RoundTowardThePast) {
    EXPECT_EQ(isoTime(std::int64_t{-1}), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(isoTime(std::int64_t{-1000}), "1969-12-31T23:59:59.000Z");
    EXPECT_EQ(isoTime(std::int64_t{-1001}), "1969-12-31T23:59:58.999Z");
}

TEST(IsoTime, TakesASystemClockTime) {
    const auto time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'795'500'000'123)) +
                      std::chrono::microseconds(999);
    EXPECT_EQ(isoTime(time), "2026-11-24T06:00:00.123Z") << "sub-millisecond parts are cut, not rounded";
}
