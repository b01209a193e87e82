#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "plugin/CoreServices.h"
#include "sockstream/plugin/PluginContext.h"

namespace sockstream::core {

/// One plugin's context: views of the core services that tag every
/// registration with the plugin's name, so unregisterAll() can remove them.
class PluginContextImpl : public PluginContext {
public:
    PluginContextImpl(CoreServices& core, std::string name, Poco::JSON::Object::Ptr config);
    ~PluginContextImpl() override;

    const std::string& pluginName() const override { return _name; }
    const Poco::JSON::Object& config() const override { return *_config; }
    const Settings& settings() const override { return _core.settings; }
    Poco::Logger& logger() const override { return _logger; }
    void declareFeature(const Poco::JSON::Object& description) override;
    void declareIngest(const IngestEndpoint& endpoint) override;
    void declarePlayback(const PlaybackEndpoint& endpoint) override;

    HttpRouter& http() override { return *_router; }
    ListenerRegistry& listeners() override { return *_listeners; }
    EventBus& events() override { return *_events; }
    MediaBus& media() override { return *_media; }
    Database& database() override;
    Identity& identity() override;
    Rooms& rooms() override;
    Metrics& metrics() override { return *_metrics; }
    Scheduler& scheduler() override { return *_scheduler; }
    Services& services() override { return *_services; }
    Cluster& cluster() override { return *_cluster; }
    Health& health() override { return *_health; }
    std::optional<ConfigOverride> configOverride(const std::string& key) const override;
    void whenListening(std::function<void()> callback) override;

    /// Runs (and forgets) the whenListening() callbacks; PluginManager calls it once listeners are open.
    void runListeningCallbacks();

    /// Drops everything this plugin registered (routes, listeners, subscriptions,
    /// observers, timers, metric callbacks, services, its feature entry and endpoints).
    void unregisterAll();

private:
    CoreServices& _core;
    std::string _name;
    Poco::JSON::Object::Ptr _config;
    Poco::Logger& _logger;
    std::unique_ptr<HttpRouter> _router;
    std::unique_ptr<ListenerRegistry> _listeners;
    std::unique_ptr<EventBus> _events;
    std::unique_ptr<MediaBus> _media;
    std::unique_ptr<Metrics> _metrics;
    std::unique_ptr<Scheduler> _scheduler;
    std::unique_ptr<Services> _services;
    std::unique_ptr<Cluster> _cluster;
    std::unique_ptr<Health> _health;
    std::vector<std::function<void()>> _listeningCallbacks;
};

}  // namespace sockstream::core
