#include <gtest/gtest.h>

#include "health/HealthRegistry.h"

namespace sockstream::core {
namespace {

TEST(HealthRegistry, AFailingCheckIsListedUnderItsPluginUntilItPasses) {
    HealthRegistry registry;
    auto chat = registry.viewFor("chat");
    EXPECT_TRUE(registry.failures().empty()) << "a check never reported passes";
    chat->fail("database", "the database refuses writes");
    chat->fail("database", "still refusing");  // a second report replaces the reason
    auto failures = registry.failures();
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(failures[0].check, "chat.database");
    EXPECT_EQ(failures[0].reason, "still refusing");
    chat->pass("database");
    EXPECT_TRUE(registry.failures().empty());
}

TEST(HealthRegistry, AnUnloadedPluginTakesItsChecksAlong) {
    HealthRegistry registry;
    auto chat = registry.viewFor("chat");
    auto chatter = registry.viewFor("chatter");  // a name the first one prefixes
    chat->fail("database", "down");
    chatter->fail("database", "down too");
    registry.removeOwner("chat");
    auto failures = registry.failures();
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(failures[0].check, "chatter.database");
}

}  // namespace
}  // namespace sockstream::core
