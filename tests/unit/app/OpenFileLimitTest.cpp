#include <gtest/gtest.h>

#include <algorithm>
#include <sys/resource.h>

#include "app/OpenFileLimit.h"

namespace sockstream::core {
namespace {

TEST(OpenFileLimit, SoftLimitIsRaisedToTheHardLimit) {
    rlimit before{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &before), 0);
    if (before.rlim_max != RLIM_INFINITY && before.rlim_max <= 256) GTEST_SKIP() << "hard limit too low to lower";
    rlimit lowered{256, before.rlim_max};
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);

    long now = raiseOpenFileLimit(Poco::Logger::get("test"));

    rlimit after{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &after), 0);
    rlim_t expected = before.rlim_max == RLIM_INFINITY ? rlim_t{1} << 20 : std::min<rlim_t>(before.rlim_max, 1 << 20);
    EXPECT_EQ(after.rlim_cur, expected);
    EXPECT_EQ(static_cast<rlim_t>(now), expected);
    EXPECT_EQ(after.rlim_max, before.rlim_max) << "the hard limit is left alone";
}

}  // namespace
}  // namespace sockstream::core
