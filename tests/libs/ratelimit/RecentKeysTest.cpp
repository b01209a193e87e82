#include <gtest/gtest.h>

#include "sockstream-ratelimit/RecentKeys.h"

using namespace sockstream::lib::ratelimit;

TEST(RecentKeys, ForgetsTheLeastRecentlyUsedKeyWhenFull) {
    RecentKeys<int> keys(2, 16);
    keys.use("a") = 1;
    keys.use("b") = 2;
    EXPECT_EQ(keys.use("a"), 1);  // a is now the most recent
    keys.use("c") = 3;            // b goes
    EXPECT_EQ(keys.size(), 2u);
    EXPECT_EQ(keys.find("b"), nullptr);
    ASSERT_NE(keys.find("a"), nullptr);
    EXPECT_EQ(*keys.find("a"), 1);
    EXPECT_EQ(keys.use("b"), 0) << "a forgotten key starts afresh";
}

TEST(RecentKeys, FindDoesNotRefreshAndEraseForgets) {
    RecentKeys<int> keys(2, 16);
    keys.use("a") = 1;
    keys.use("b") = 2;
    keys.find("a");
    keys.use("c");
    EXPECT_EQ(keys.find("a"), nullptr) << "find left a the idlest";
    keys.erase("b");
    keys.erase("never");
    EXPECT_EQ(keys.size(), 1u);
}

TEST(RecentKeys, CutsKeysToTheirMaximumLength) {
    RecentKeys<int> keys(10, 4);
    keys.use("abcdXXX") = 7;
    EXPECT_EQ(keys.use("abcdYYY"), 7);
    EXPECT_EQ(*keys.find("abcd"), 7);
    EXPECT_EQ(keys.size(), 1u);
}

TEST(RecentKeys, PrunesFromTheIdleEndUpToTheFirstKeyInUse) {
    RecentKeys<int> keys(10, 16);
    keys.use("old1") = 0;
    keys.use("busy") = 1;
    keys.use("old2") = 0;
    EXPECT_EQ(keys.pruneIdle([](int value) { return value == 0; }), 1u);
    EXPECT_EQ(keys.size(), 2u) << "stops at busy, even though old2 is idle";
    keys.use("busy") = 0;
    EXPECT_EQ(keys.pruneIdle([](int value) { return value == 0; }), 2u);
    EXPECT_EQ(keys.size(), 0u);
}
