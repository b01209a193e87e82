#include <gtest/gtest.h>

#include "plugin/ServicesRegistry.h"

namespace sockstream::core {
namespace {

struct Clock {
    static constexpr std::string_view kServiceName = "test.clock";
    int now = 42;
};

TEST(ServicesRegistry, ProvidedServicesAreFoundByTypeUntilTheProviderUnloads) {
    ServicesRegistry registry;
    auto provider = registry.viewFor("clock-plugin");
    auto consumer = registry.viewFor("other");
    EXPECT_EQ(consumer->find<Clock>(), nullptr);
    provider->provide(std::make_shared<Clock>());
    auto clock = consumer->find<Clock>();
    ASSERT_NE(clock, nullptr);
    EXPECT_EQ(clock->now, 42);
    registry.removeOwner("other");
    EXPECT_NE(consumer->find<Clock>(), nullptr) << "only the provider's removal drops it";
    registry.removeOwner("clock-plugin");
    EXPECT_EQ(consumer->find<Clock>(), nullptr);
}

TEST(ServicesRegistry, ASecondProviderIsRefusedNamingTheFirst) {
    ServicesRegistry registry;
    registry.viewFor("first")->provide(std::make_shared<Clock>());
    try {
        registry.viewFor("second")->provide(std::make_shared<Clock>());
        FAIL() << "two providers of one service must be refused";
    } catch (const std::invalid_argument& error) {
        EXPECT_NE(std::string(error.what()).find("first"), std::string::npos);
        EXPECT_NE(std::string(error.what()).find("test.clock"), std::string::npos);
    }
}

TEST(FeatureRegistry, DeclaredFeaturesAreEnabledUnlessSaidOtherwise) {
    FeatureRegistry features;
    Poco::JSON::Object chat;
    chat.set("transports", "websocket");
    features.declare("chat", chat);
    Poco::JSON::Object off;
    off.set("enabled", false);
    features.declare("beta", off);
    auto snapshot = features.snapshot();
    EXPECT_TRUE(snapshot->getObject("chat")->getValue<bool>("enabled"));
    EXPECT_EQ(snapshot->getObject("chat")->getValue<std::string>("transports"), "websocket");
    EXPECT_FALSE(snapshot->getObject("beta")->getValue<bool>("enabled"));
    features.remove("chat");
    EXPECT_FALSE(features.has("chat"));
    EXPECT_FALSE(features.snapshot()->has("chat"));
}

}  // namespace
}  // namespace sockstream::core
