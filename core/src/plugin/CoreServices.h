#pragma once

#include <Poco/Logger.h>

#include "config/SettingsResolver.h"
#include "sockstream/plugin/Settings.h"

namespace sockstream { class Identity; class Database; }

namespace sockstream::core {

class IoRuntime;
class Router;
class ListenerRegistryImpl;
class EventBusImpl;
class MediaBusImpl;
class RoomsImpl;
class MetricsRegistry;
class ServicesRegistry;
class FeatureRegistry;
class ClusterImpl;
class HealthRegistry;

/// Everything the core owns that plugin contexts hand out, one view per plugin.
struct CoreServices {
    const Settings& settings;
    IoRuntime& runtime;
    Router& router;
    ListenerRegistryImpl& listeners;
    EventBusImpl& events;
    MediaBusImpl& media;
    Database& database;
    Identity& identity;
    RoomsImpl& rooms;
    MetricsRegistry& metrics;
    ServicesRegistry& services;
    FeatureRegistry& features;
    ClusterImpl& cluster;
    HealthRegistry& health;
    /// Where PluginContext::configOverride() reads SOCKSTREAM_<PLUGIN>_<KEY> (a map in tests).
    EnvironmentLookup environment = processEnvironment;
};

}  // namespace sockstream::core
