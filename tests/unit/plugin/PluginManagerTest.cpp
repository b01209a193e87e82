#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "CoreHarness.h"
#include "GreeterService.h"
#include "plugin/PluginManager.h"
#include "sockstream/events/RoomEvents.h"
#include "sockstream/plugin/Abi.h"

namespace sockstream::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const std::filesystem::path kPluginDir = TEST_PLUGIN_DIR;

PluginDeclaration plugin(std::string name, std::string library, std::vector<std::string> dependencies = {},
                         Poco::JSON::Object::Ptr config = new Poco::JSON::Object) {
    PluginDeclaration declaration;
    declaration.name = std::move(name);
    declaration.library = std::move(library);
    declaration.dependencies = std::move(dependencies);
    declaration.config = config;
    return declaration;
}

Poco::Dynamic::Var json(const HttpResponse& response) { return Poco::JSON::Parser().parse(std::string(response.body())); }

class PluginManagerTest : public ::testing::Test {
protected:
    PluginManagerTest() : manager(*harness.core, Poco::Logger::get("test.plugins")) {}

    Poco::JSON::Object::Ptr journalConfig() {
        Poco::JSON::Object::Ptr config = new Poco::JSON::Object;
        config->set("journal", journal);
        return config;
    }
    std::vector<std::string> journalLines() const {
        std::ifstream in(journal);
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        return lines;
    }
    std::vector<std::string> states() const {
        std::vector<std::string> result;
        for (const auto& status : manager.status()) result.push_back(status.name + "=" + status.state);
        return result;
    }
    std::string loadError(const std::vector<PluginDeclaration>& declarations) {
        try {
            manager.load(declarations, kPluginDir);
        } catch (const PluginError& error) {
            return error.what();
        }
        return "";
    }
    void startAll(const std::vector<PluginDeclaration>& declarations) {
        manager.load(declarations, kPluginDir);
        manager.initAll();
        manager.startAll();
    }
    int status(const std::string& path) { return harness.get(path).status; }

    test::CoreHarness harness;
    std::string journal = harness.dataDir.file("journal.txt");
    PluginManager manager;
};

TEST_F(PluginManagerTest, LoadsInitsAndStartsInDependencyOrder) {
    Poco::JSON::Object::Ptr greeterConfig = journalConfig();
    greeterConfig->set("greeting", "Hi");
    startAll({plugin("test-dependent", "test-dependent", {"test-greeter"}, journalConfig()),
              plugin("test-greeter", "test-greeter", {}, greeterConfig)});
    EXPECT_THAT(states(), ElementsAre("test-greeter=running", "test-dependent=running"));
    EXPECT_THAT(journalLines(), ElementsAre("test-greeter:init", "test-dependent:init", "test-greeter:start",
                                            "test-dependent:start"));
    HttpResponse response = harness.get("/api/test/dependent");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(json(response).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("greeting"), "Hi, dependent");
    EXPECT_EQ(manager.status()[0].library, (kPluginDir / "libsockstream-test-greeter.so").string());

    manager.stopAll();
    EXPECT_THAT(states(), ElementsAre("test-greeter=stopped", "test-dependent=stopped"));
    EXPECT_EQ(journalLines().back(), "test-greeter:stop");
    EXPECT_EQ(journalLines()[journalLines().size() - 2], "test-dependent:stop");
}

TEST_F(PluginManagerTest, StopsInReverseOrder) {
    startAll({plugin("a", "test-lifecycle", {}, journalConfig()), plugin("b", "test-lifecycle", {"c"}, journalConfig()),
              plugin("c", "test-lifecycle", {}, journalConfig())});
    manager.shutdown();
    EXPECT_THAT(journalLines(), ElementsAre("a:init", "c:init", "b:init", "a:start", "c:start", "b:start", "b:stop",
                                            "c:stop", "a:stop"));
    EXPECT_THAT(manager.status(), IsEmpty());
}

TEST_F(PluginManagerTest, LibraryMayBeGivenAsAPath) {
    startAll({plugin("greeter", (kPluginDir / "libsockstream-test-greeter.so").string())});
    EXPECT_EQ(status("/api/test/greeter/hello"), 200);
}

TEST_F(PluginManagerTest, AbiMismatchIsRefusedWithAClearMessage) {
    std::string error = loadError({plugin("old", "test-abi-mismatch")});
    EXPECT_THAT(error, HasSubstr("plugin old"));
    EXPECT_THAT(error, HasSubstr("libsockstream-test-abi-mismatch.so"));
    EXPECT_THAT(error, HasSubstr("is not binary compatible"));
    EXPECT_THAT(error, HasSubstr("headers=0000000000000000"));
    EXPECT_THAT(error, HasSubstr(sockstream::kAbiSignature));
    EXPECT_THAT(error, HasSubstr("rebuild the plugin"));
}

TEST_F(PluginManagerTest, AbiMismatchNamesWhatDiffers) {
    std::string error = loadError({plugin("old", "test-abi-mismatch")});
    EXPECT_THAT(error, HasSubstr("is not binary compatible (the SDK headers differ)"));
}

TEST_F(PluginManagerTest, PluginBuiltAgainstAnotherPocoIsRefusedNamingBothVersions) {
    std::string error = loadError({plugin("stale", "test-abi-poco-mismatch")});
    EXPECT_THAT(error, HasSubstr("plugin stale"));
    EXPECT_THAT(error, HasSubstr("libsockstream-test-abi-poco-mismatch.so"));
    EXPECT_THAT(error, HasSubstr("is not binary compatible (Poco 1.0.0 in the plugin, "));
    EXPECT_THAT(error, Not(HasSubstr("SDK headers differ")));
    EXPECT_THAT(error, HasSubstr("poco=0x01000000"));
    EXPECT_THAT(error, HasSubstr(sockstream::kAbiSignature));
    EXPECT_THAT(error, HasSubstr("rebuild the plugin"));
}

TEST_F(PluginManagerTest, MissingLibraryIsNamed) {
    std::string error = loadError({plugin("ghost", "no-such-plugin")});
    EXPECT_EQ(error, "plugin ghost (" + (kPluginDir / "libsockstream-no-such-plugin.so").string() +
                         "): library not found");
}

TEST_F(PluginManagerTest, LibraryWithoutTheSymbolsIsRefused) {
    std::string error = loadError({plugin("plain", "test-no-symbols")});
    EXPECT_THAT(error, HasSubstr("plugin plain"));
    EXPECT_THAT(error, HasSubstr("missing symbol"));
    EXPECT_THAT(error, HasSubstr("SOCKSTREAM_PLUGIN"));
}

TEST_F(PluginManagerTest, FileThatIsNoLibraryIsRefused) {
    std::string fake = harness.dataDir.write("libfake.so", "not an ELF file");
    std::string error = loadError({plugin("fake", fake)});
    EXPECT_THAT(error, HasSubstr("plugin fake (" + fake + "): cannot be loaded"));
}

TEST_F(PluginManagerTest, DisabledPluginIsNeverOpened) {
    PluginDeclaration disabled = plugin("greeter", "/nonexistent/libsockstream-greeter.so");
    disabled.enabled = false;
    startAll({disabled, plugin("a", "test-lifecycle")});
    EXPECT_THAT(states(), ElementsAre("a=running"));
    EXPECT_EQ(status("/api/test/greeter/hello"), 404);
}

TEST_F(PluginManagerTest, DependencyOnDisabledPluginFailsBeforeLoadingAnything) {
    PluginDeclaration greeter = plugin("test-greeter", "test-greeter");
    greeter.enabled = false;
    std::string error = loadError({greeter, plugin("test-dependent", "test-dependent", {"test-greeter"})});
    EXPECT_EQ(error, "plugin test-dependent: depends on \"test-greeter\", which is disabled");
    EXPECT_THAT(manager.status(), IsEmpty());
}

TEST_F(PluginManagerTest, MissingServiceFailsInitWithThePluginsReason) {
    manager.load({plugin("test-dependent", "test-dependent")}, kPluginDir);
    try {
        manager.initAll();
        FAIL() << "init must fail without the greeter service";
    } catch (const PluginError& error) {
        EXPECT_THAT(error.what(), HasSubstr("plugin test-dependent: failed to initialise"));
        EXPECT_THAT(error.what(), HasSubstr("test.greeter service is not available"));
    }
}

TEST_F(PluginManagerTest, AConfigMistakeNamesFilePluginAndKeyAndUnregistersEverything) {
    Poco::JSON::Object::Ptr config = new Poco::JSON::Object;
    config->set("greetng", "hi");
    manager.load({plugin("test-greeter", "test-greeter"), plugin("strict", "test-strict-config", {}, config)},
                 kPluginDir);
    try {
        manager.initAll("site.json");
        FAIL() << "init must fail";
    } catch (const ConfigError& error) {
        // The plugin's copy of lib::config::ConfigError is caught as the core's.
        EXPECT_EQ(std::string(error.what()),
                  "site.json: plugin \"strict\": greetng is not a known setting (did you mean \"greeting\"?)");
    }
    EXPECT_THAT(manager.status(), IsEmpty()) << "every library was unloaded";
    EXPECT_EQ(status("/api/test/strict-config"), 404);
    EXPECT_EQ(status("/api/test/greeter/hello"), 404);
}

TEST_F(PluginManagerTest, AWrongTypeInAPluginConfigIsAConfigErrorToo) {
    Poco::JSON::Object::Ptr config = new Poco::JSON::Object;
    config->set("repeat", "twice");
    manager.load({plugin("strict", "test-strict-config", {}, config)}, kPluginDir);
    try {
        manager.initAll();
        FAIL() << "init must fail";
    } catch (const ConfigError& error) {
        EXPECT_EQ(std::string(error.what()), "plugin \"strict\": repeat must be an integer");
    }
}

TEST_F(PluginManagerTest, FailingInitUnregistersEverything) {
    manager.load({plugin("test-greeter", "test-greeter"), plugin("test-failing-init", "test-failing-init")},
                 kPluginDir);
    try {
        manager.initAll();
        FAIL() << "init must fail";
    } catch (const PluginError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "plugin test-failing-init: failed to initialise: test-failing-init refuses to initialise");
    }
    EXPECT_THAT(manager.status(), IsEmpty()) << "every library was unloaded";
    EXPECT_EQ(status("/api/test/greeter/hello"), 404);
    EXPECT_EQ(status("/api/test/failing-init"), 404);
    EXPECT_EQ(harness.events->subscriberCount(RoomCreated::kTopic), 0u);
    EXPECT_EQ(harness.services.find(testplugins::GreeterService::kServiceName), nullptr);
    EXPECT_FALSE(harness.features.has("test-greeter"));
}

TEST_F(PluginManagerTest, FailingStartStopsEarlierPluginsInReverse) {
    manager.load({plugin("a", "test-lifecycle", {}, journalConfig()), plugin("b", "test-lifecycle", {}, journalConfig()),
                  plugin("test-failing-start", "test-failing-start", {}, journalConfig()),
                  plugin("c", "test-lifecycle", {}, journalConfig())},
                 kPluginDir);
    manager.initAll();
    try {
        manager.startAll();
        FAIL() << "start must fail";
    } catch (const PluginError& error) {
        EXPECT_EQ(std::string(error.what()), "plugin test-failing-start: failed to start: test-failing-start cannot start");
    }
    EXPECT_THAT(journalLines(), ElementsAre("a:init", "b:init", "test-failing-start:init", "c:init", "a:start",
                                            "b:start", "test-failing-start:start", "b:stop", "a:stop"));
    EXPECT_THAT(manager.status(), IsEmpty());
    EXPECT_EQ(status("/api/test/failing-start"), 404);
}

TEST_F(PluginManagerTest, RegistrationsWorkAndAreDroppedOnUnload) {
    startAll({plugin("test-greeter", "test-greeter")});

    // Route, subscription, service, feature and metric are all in place.
    auto [user, cookie] = harness.signIn("owner@example.com");
    harness.rooms->createRoom(user, "gaming", "Counted", "");
    HttpResponse hello = harness.get("/api/test/greeter/hello");
    ASSERT_EQ(hello.status, 200);
    auto body = json(hello).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(body->getValue<std::string>("greeting"), "Hello, world");
    EXPECT_EQ(body->getValue<int>("roomsCreated"), 1) << "the RoomCreated subscription saw the new room";
    EXPECT_EQ(status("/api/test/greeter/hello/you"), 200);
    EXPECT_EQ(harness.events->subscriberCount(RoomCreated::kTopic), 1u);
    EXPECT_NE(harness.services.find(testplugins::GreeterService::kServiceName), nullptr);
    EXPECT_TRUE(harness.features.has("test-greeter"));
    EXPECT_EQ(harness.features.snapshot()->getObject("test-greeter")->getValue<std::string>("greeting"),
              "Hello, world");
    EXPECT_THAT(harness.metrics.renderPrometheus(), HasSubstr("sockstream_test_greeter_rooms_created 1"));

    manager.shutdown();
    EXPECT_EQ(status("/api/test/greeter/hello"), 404);
    EXPECT_EQ(status("/api/test/greeter/hello/you"), 404);
    EXPECT_EQ(harness.events->subscriberCount(RoomCreated::kTopic), 0u);
    EXPECT_EQ(harness.services.find(testplugins::GreeterService::kServiceName), nullptr);
    EXPECT_FALSE(harness.features.has("test-greeter"));
    EXPECT_EQ(harness.metrics.renderPrometheus().find("test_greeter"), std::string::npos);
    harness.rooms->deleteRoom(user, harness.rooms->roomOf(user.id)->id);  // no subscriber left to call
}

TEST_F(PluginManagerTest, EveryRunningPluginAppearsInFeatures) {
    startAll({plugin("a", "test-lifecycle")});
    EXPECT_TRUE(harness.features.has("a"));
    EXPECT_TRUE(harness.features.snapshot()->getObject("a")->getValue<bool>("enabled"));
}

TEST_F(PluginManagerTest, OneLibraryMayServeSeveralNames) {
    startAll({plugin("one", "test-lifecycle", {}, journalConfig()), plugin("two", "test-lifecycle", {}, journalConfig())});
    EXPECT_THAT(states(), ElementsAre("one=running", "two=running"));
    EXPECT_THAT(journalLines(), ElementsAre("one:init", "two:init", "one:start", "two:start"));
}

}  // namespace
}  // namespace sockstream::core
