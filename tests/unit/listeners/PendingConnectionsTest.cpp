#include <gtest/gtest.h>

#include <memory>

#include "connections/Closable.h"
#include "listeners/PendingConnections.h"

using namespace sockstream::core;

namespace {
struct FakeClosable : Closable {
    void shutdown() override { ++shutdowns; }
    int shutdowns = 0;
};
}  // namespace

TEST(PendingConnections, TakesTheOldestStillOpen) {
    PendingConnections pending;
    auto first = std::make_shared<FakeClosable>();
    auto second = std::make_shared<FakeClosable>();
    auto third = std::make_shared<FakeClosable>();
    auto idFirst = pending.add(first);
    pending.add(second);
    pending.add(third);
    pending.remove(idFirst);  // established
    pending.remove(idFirst);  // twice is harmless
    second.reset();           // gone without removing itself
    EXPECT_EQ(pending.size(), 2u);
    EXPECT_EQ(pending.takeOldest(), third);
    EXPECT_EQ(pending.takeOldest(), nullptr);
    EXPECT_EQ(pending.size(), 0u);
}
