// What PluginContextImpl offers every plugin beyond the services: environment
// overrides of its config under one naming rule, and the once-listening hook.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "ConfigFixtures.h"
#include "CoreHarness.h"
#include "plugin/PluginContextImpl.h"

namespace sockstream::core {
namespace {

TEST(PluginContext, AConfigOverrideComesFromTheVariableThePluginsNameAndKeyName) {
    test::CoreHarness harness;
    harness.core->environment = test::environmentOf({{"SOCKSTREAM_AUTH_GOOGLE_CLIENT_ID", "id-from-env"},
                                                     {"SOCKSTREAM_DEMO_MAX_VIEWERS", ""}});
    PluginContextImpl google(*harness.core, "auth-google", nullptr);
    const auto clientId = google.configOverride("clientId");
    ASSERT_TRUE(clientId);
    EXPECT_EQ(clientId->variable, "SOCKSTREAM_AUTH_GOOGLE_CLIENT_ID");
    EXPECT_EQ(clientId->value, "id-from-env");
    EXPECT_FALSE(google.configOverride("clientSecret")) << "unset";
    PluginContextImpl demo(*harness.core, "demo", nullptr);
    EXPECT_FALSE(demo.configOverride("maxViewers")) << "an empty variable counts as unset";
    EXPECT_FALSE(demo.configOverride("clientId")) << "another plugin's variable is not this one's";
}

TEST(PluginContext, ListeningCallbacksRunOnceAndGoWithThePlugin) {
    test::CoreHarness harness;
    PluginContextImpl context(*harness.core, "demo", nullptr);
    int runs = 0;
    context.whenListening([&runs] { ++runs; });
    context.whenListening([&runs] { runs += 10; });
    context.runListeningCallbacks();
    EXPECT_EQ(runs, 11);
    context.runListeningCallbacks();
    EXPECT_EQ(runs, 11) << "each runs once";

    context.whenListening([&runs] { ++runs; });
    context.unregisterAll();
    context.runListeningCallbacks();
    EXPECT_EQ(runs, 11) << "an unloaded plugin's callback is dropped unrun: its code may be gone";
}

TEST(PluginContext, AThrowingListeningCallbackReachesTheCaller) {
    test::CoreHarness harness;
    PluginContextImpl context(*harness.core, "demo", nullptr);
    context.whenListening([] { throw std::invalid_argument("no port"); });
    EXPECT_THROW(context.runListeningCallbacks(), std::invalid_argument);
}

TEST(ConfigOverride, TheNamingRule) {
    EXPECT_EQ(configOverrideVariable("rtmp", "port"), "SOCKSTREAM_RTMP_PORT");
    EXPECT_EQ(configOverrideVariable("auth-google", "clientId"), "SOCKSTREAM_AUTH_GOOGLE_CLIENT_ID");
    EXPECT_EQ(configOverrideVariable("demo", "maxConnectionsPerAddress"), "SOCKSTREAM_DEMO_MAX_CONNECTIONS_PER_ADDRESS");
    EXPECT_EQ(configOverrideVariable("demo", "tls.port"), "SOCKSTREAM_DEMO_TLS_PORT");
    EXPECT_EQ(configOverrideVariable("my_plugin", "caFile"), "SOCKSTREAM_MY_PLUGIN_CA_FILE");
}

}  // namespace
}  // namespace sockstream::core
