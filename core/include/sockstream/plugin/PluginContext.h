#pragma once

#include <functional>
#include <optional>
#include <string>

#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include "sockstream/plugin/ConfigOverride.h"
#include "sockstream/plugin/Settings.h"
#include "sockstream/rooms/Endpoints.h"

namespace sockstream {

class HttpRouter;
class ListenerRegistry;
class EventBus;
class MediaBus;
class Database;
class Identity;
class Rooms;
class Metrics;
class Scheduler;
class Services;
class Cluster;
class Health;

/// Everything the core offers one plugin. Each plugin gets its own context, and
/// everything registered through it (routes, listeners, subscriptions, observers,
/// timers, metric callbacks) is removed by the core when that plugin is unloaded.
class PluginContext {
public:
    virtual ~PluginContext() = default;

    virtual const std::string& pluginName() const = 0;
    /// The plugin's own "config" object from the config file (empty when absent).
    virtual const Poco::JSON::Object& config() const = 0;
    virtual const Settings& settings() const = 0;
    virtual Poco::Logger& logger() const = 0;

    /// Adds or replaces this plugin's entry in GET /api/features,
    /// e.g. declareFeature({"enabled": true, "transports": [...]}).
    virtual void declareFeature(const Poco::JSON::Object& description) = 0;
    /// An ingest says how an encoder reaches it (once per listener, e.g. RTMP
    /// and RTMPS); a playback plugin says how a viewer plays a room. The core
    /// shows these in the room JSON and GET /api/features and removes them when
    /// the plugin unloads. Throw std::invalid_argument on an incomplete
    /// declaration (a fatal start-up error naming the plugin).
    virtual void declareIngest(const IngestEndpoint& endpoint) = 0;
    virtual void declarePlayback(const PlaybackEndpoint& endpoint) = 0;

    virtual HttpRouter& http() = 0;
    virtual ListenerRegistry& listeners() = 0;
    virtual EventBus& events() = 0;
    virtual MediaBus& media() = 0;
    virtual Database& database() = 0;
    virtual Identity& identity() = 0;
    virtual Rooms& rooms() = 0;
    virtual Metrics& metrics() = 0;
    virtual Scheduler& scheduler() = 0;
    /// APIs other plugins provide (removed when the providing plugin unloads).
    virtual Services& services() = 0;
    /// The other servers of this deployment (off unless config "cluster" names a Redis).
    virtual Cluster& cluster() = 0;
    /// Checks shown by GET /healthz (e.g. "the database refuses writes").
    virtual Health& health() = 0;

    /// The environment's value for `key` of this plugin's config, from the
    /// variable configOverrideVariable(pluginName(), key) names (plugin "rtmp",
    /// key "port": SOCKSTREAM_RTMP_PORT); nothing when it is unset or empty.
    /// The core offers every plugin the same rule and never reads a plugin's
    /// variables itself. A plugin asks for the keys it lets deployers override
    /// (documented in its README), lets the value win over the file, as the
    /// core's own SOCKSTREAM_* variables do, and names `variable` when the value is wrong.
    virtual std::optional<ConfigOverride> configOverride(const std::string& key) const = 0;
    /// Runs `callback` once, after start() and after every listener opened,
    /// before the HTTP server accepts its first request: the place to declare
    /// what depends on a port the system chose (a listener on port 0), with
    /// listeners().boundPort(name). On the thread that starts the server; a
    /// throw aborts start-up like a throw from init(). Dropped unrun when the
    /// plugin fails to start or is unloaded.
    virtual void whenListening(std::function<void()> callback) = 0;
};

}  // namespace sockstream
