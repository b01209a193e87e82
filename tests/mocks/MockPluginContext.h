#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>

#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include "MockCluster.h"
#include "MockDatabase.h"
#include "MockEventBus.h"
#include "MockHealth.h"
#include "MockHttpRouter.h"
#include "MockIdentity.h"
#include "MockListenerRegistry.h"
#include "MockMediaBus.h"
#include "MockMetrics.h"
#include "MockRooms.h"
#include "MockScheduler.h"
#include "MockServices.h"
#include "sockstream/plugin/PluginContext.h"

namespace sockstream::mocks {

/// A PluginContext whose accessors hand out the mocks it owns, so a plugin's
/// init() can run in a unit test:
///   MockPluginContext context;
///   EXPECT_CALL(context.router, add("GET", "/api/hello", _, _));
///   plugin.init(context);
/// The service mocks are NiceMocks (uninteresting calls are allowed); set
/// `name`, `configObject` and `settingsValue` before init(). configOverride()
/// answers from `environment` (variable name -> value); whenListening()
/// keeps its callbacks in `listeningCallbacks` for the test to run (runListening()).
class MockPluginContext : public PluginContext {
public:
    MockPluginContext() {
        using ::testing::ReturnRef;
        ON_CALL(*this, pluginName()).WillByDefault(ReturnRef(name));
        ON_CALL(*this, config()).WillByDefault(ReturnRef(configObject));
        ON_CALL(*this, settings()).WillByDefault(ReturnRef(settingsValue));
        ON_CALL(*this, logger()).WillByDefault(ReturnRef(Poco::Logger::get("test.plugin")));
        ON_CALL(*this, http()).WillByDefault(ReturnRef(router));
        ON_CALL(*this, listeners()).WillByDefault(ReturnRef(listenerRegistry));
        ON_CALL(*this, events()).WillByDefault(ReturnRef(eventBus));
        ON_CALL(*this, media()).WillByDefault(ReturnRef(mediaBus));
        ON_CALL(*this, database()).WillByDefault(ReturnRef(db));
        ON_CALL(*this, identity()).WillByDefault(ReturnRef(users));
        ON_CALL(*this, rooms()).WillByDefault(ReturnRef(roomRegistry));
        ON_CALL(*this, metrics()).WillByDefault(ReturnRef(metricRegistry));
        ON_CALL(*this, scheduler()).WillByDefault(ReturnRef(timers));
        ON_CALL(*this, services()).WillByDefault(ReturnRef(serviceRegistry));
        ON_CALL(*this, cluster()).WillByDefault(ReturnRef(clusterPeers));
        ON_CALL(*this, health()).WillByDefault(ReturnRef(checks));
        ON_CALL(*this, configOverride(::testing::_)).WillByDefault([this](const std::string& key) {
            std::optional<ConfigOverride> found;
            const std::string variable = configOverrideVariable(name, key);
            if (auto it = environment.find(variable); it != environment.end() && !it->second.empty())
                found = ConfigOverride{variable, it->second};
            return found;
        });
        ON_CALL(*this, whenListening(::testing::_)).WillByDefault([this](std::function<void()> callback) {
            listeningCallbacks.push_back(std::move(callback));
        });
    }

    /// What the core does once listeners are open.
    void runListening() {
        auto callbacks = std::move(listeningCallbacks);
        listeningCallbacks.clear();
        for (auto& callback : callbacks) callback();
    }

    MOCK_METHOD(const std::string&, pluginName, (), (const, override));
    MOCK_METHOD(const Poco::JSON::Object&, config, (), (const, override));
    MOCK_METHOD(const Settings&, settings, (), (const, override));
    MOCK_METHOD(Poco::Logger&, logger, (), (const, override));
    MOCK_METHOD(void, declareFeature, (const Poco::JSON::Object& description), (override));
    MOCK_METHOD(void, declareIngest, (const IngestEndpoint& endpoint), (override));
    MOCK_METHOD(void, declarePlayback, (const PlaybackEndpoint& endpoint), (override));
    MOCK_METHOD(HttpRouter&, http, (), (override));
    MOCK_METHOD(ListenerRegistry&, listeners, (), (override));
    MOCK_METHOD(EventBus&, events, (), (override));
    MOCK_METHOD(MediaBus&, media, (), (override));
    MOCK_METHOD(Database&, database, (), (override));
    MOCK_METHOD(Identity&, identity, (), (override));
    MOCK_METHOD(Rooms&, rooms, (), (override));
    MOCK_METHOD(Metrics&, metrics, (), (override));
    MOCK_METHOD(Scheduler&, scheduler, (), (override));
    MOCK_METHOD(Services&, services, (), (override));
    MOCK_METHOD(Cluster&, cluster, (), (override));
    MOCK_METHOD(Health&, health, (), (override));
    MOCK_METHOD(std::optional<ConfigOverride>, configOverride, (const std::string& key), (const, override));
    MOCK_METHOD(void, whenListening, (std::function<void()> callback), (override));

    std::string name = "test-plugin";
    Poco::JSON::Object configObject;
    Settings settingsValue;
    std::map<std::string, std::string> environment;
    std::vector<std::function<void()>> listeningCallbacks;

    ::testing::NiceMock<MockHttpRouter> router;
    ::testing::NiceMock<MockListenerRegistry> listenerRegistry;
    ::testing::NiceMock<MockEventBus> eventBus;
    ::testing::NiceMock<MockMediaBus> mediaBus;
    ::testing::NiceMock<MockDatabase> db;
    ::testing::NiceMock<MockIdentity> users;
    ::testing::NiceMock<MockRooms> roomRegistry;
    ::testing::NiceMock<MockMetrics> metricRegistry;
    ::testing::NiceMock<MockScheduler> timers;
    ::testing::NiceMock<MockServices> serviceRegistry;
    ::testing::NiceMock<MockCluster> clusterPeers;
    ::testing::NiceMock<MockHealth> checks;
};

}  // namespace sockstream::mocks
