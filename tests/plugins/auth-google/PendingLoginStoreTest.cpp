#include <gtest/gtest.h>

#include "oidc/PendingLoginStore.h"

using namespace sockstream::authgoogle;
using namespace std::chrono_literals;

namespace {
PendingLogin login(const std::string& state) {
    PendingLogin l;
    l.state = state;
    l.nonce = "n-" + state;
    l.codeVerifier = "v-" + state;
    l.redirectPath = "/r";
    return l;
}
}  // namespace

TEST(PendingLoginStore, ReturnsALoginOnceOnly) {
    PendingLoginStore store(600s, 10);
    auto t0 = PendingLoginStore::Clock::now();
    std::string handle = store.add(login("s1"), t0);
    EXPECT_GE(handle.size(), 43u);
    auto taken = store.take(handle, t0 + 1s);
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->state, "s1");
    EXPECT_EQ(taken->nonce, "n-s1");
    EXPECT_FALSE(store.take(handle, t0 + 2s));
}

TEST(PendingLoginStore, RefusesUnknownAndExpiredHandles) {
    PendingLoginStore store(60s, 10);
    auto t0 = PendingLoginStore::Clock::now();
    std::string handle = store.add(login("s1"), t0);
    EXPECT_FALSE(store.take("not-a-handle", t0));
    EXPECT_FALSE(store.take("", t0));
    EXPECT_FALSE(store.take(handle, t0 + 60s));
    EXPECT_EQ(store.size(), 0u);
}

TEST(PendingLoginStore, HandlesAreDistinct) {
    PendingLoginStore store(60s, 10);
    EXPECT_NE(store.add(login("a")), store.add(login("b")));
}

TEST(PendingLoginStore, DropsTheOldestWhenFull) {
    PendingLoginStore store(600s, 2);
    auto t0 = PendingLoginStore::Clock::now();
    auto first = store.add(login("1"), t0);
    auto second = store.add(login("2"), t0 + 1s);
    auto third = store.add(login("3"), t0 + 2s);
    EXPECT_EQ(store.size(), 2u);
    EXPECT_FALSE(store.take(first, t0 + 3s));
    EXPECT_TRUE(store.take(second, t0 + 3s));
    EXPECT_TRUE(store.take(third, t0 + 3s));
}

TEST(PendingLoginStore, PurgesExpiredEntriesOnAdd) {
    PendingLoginStore store(10s, 100);
    auto t0 = PendingLoginStore::Clock::now();
    for (int i = 0; i < 50; ++i) store.add(login(std::to_string(i)), t0);
    store.add(login("late"), t0 + 11s);
    EXPECT_EQ(store.size(), 1u);
}
