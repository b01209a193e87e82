#include "plugin/PluginContextImpl.h"

#include "cluster/ClusterImpl.h"
#include "events/EventBusImpl.h"
#include "health/HealthRegistry.h"
#include "http/Router.h"
#include "media/MediaBusImpl.h"
#include "metrics/MetricsRegistry.h"
#include "runtime/IoRuntime.h"
#include "listeners/ListenerRegistryImpl.h"
#include "plugin/ServicesRegistry.h"
#include "rooms/RoomsImpl.h"

namespace sockstream::core {

PluginContextImpl::PluginContextImpl(CoreServices& core, std::string name, Poco::JSON::Object::Ptr config)
    : _core(core),
      _name(std::move(name)),
      _config(config ? config : Poco::JSON::Object::Ptr(new Poco::JSON::Object)),
      _logger(Poco::Logger::get("sockstream." + _name)),
      _router(core.router.viewFor(_name)),
      _listeners(core.listeners.viewFor(_name)),
      _events(core.events.viewFor(_name)),
      _media(core.media.viewFor(_name)),
      _metrics(core.metrics.viewFor(_name)),
      _scheduler(core.runtime.schedulerFor(_name)),
      _services(core.services.viewFor(_name)),
      _cluster(core.cluster.viewFor(_name)),
      _health(core.health.viewFor(_name)) {}

PluginContextImpl::~PluginContextImpl() = default;

void PluginContextImpl::declareFeature(const Poco::JSON::Object& description) {
    _core.features.declare(_name, description);
}

void PluginContextImpl::declareIngest(const IngestEndpoint& endpoint) {
    _core.rooms.endpoints().declareIngest(_name, endpoint);
}

void PluginContextImpl::declarePlayback(const PlaybackEndpoint& endpoint) {
    _core.rooms.endpoints().declarePlayback(_name, endpoint);
}

std::optional<ConfigOverride> PluginContextImpl::configOverride(const std::string& key) const {
    std::string variable = configOverrideVariable(_name, key);
    auto value = _core.environment(variable);
    if (!value || value->empty()) return std::nullopt;
    return ConfigOverride{std::move(variable), std::move(*value)};
}

void PluginContextImpl::whenListening(std::function<void()> callback) {
    if (callback) _listeningCallbacks.push_back(std::move(callback));
}

void PluginContextImpl::runListeningCallbacks() {
    // Each runs once: moved out before the first runs.
    auto callbacks = std::move(_listeningCallbacks);
    _listeningCallbacks.clear();
    for (auto& callback : callbacks) callback();
}

Database& PluginContextImpl::database() { return _core.database; }
Identity& PluginContextImpl::identity() { return _core.identity; }
Rooms& PluginContextImpl::rooms() { return _core.rooms; }

void PluginContextImpl::unregisterAll() {
    _listeningCallbacks.clear();  // plugin code: gone before its library
    _core.router.removeOwner(_name);
    _core.listeners.removeOwner(_name);
    _core.events.removeOwner(_name);
    _core.media.removeOwner(_name);
    _core.metrics.removeOwner(_name);
    _core.runtime.cancelOwner(_name);
    _core.services.removeOwner(_name);
    _core.cluster.removeOwner(_name);
    _core.features.remove(_name);
    _core.rooms.endpoints().removeOwner(_name);
    _core.health.removeOwner(_name);
}

}  // namespace sockstream::core
