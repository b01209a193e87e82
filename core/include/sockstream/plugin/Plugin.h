#pragma once

#include "sockstream/plugin/Abi.h"

namespace sockstream {

class PluginContext;

/// A feature loaded from a shared library named in the config file.
///
/// Lifecycle (driven by the host, in dependency order):
///   init(context)  read config, create tables, register routes, listeners,
///                  event subscriptions and media observers; throw to abort start-up
///   start()        begin background work (timers, threads); listeners open after this
///   stop()         called in reverse order, after listeners closed; release everything
///                  you hold from the core (responders, connections, timers)
/// After stop() the host drops every registration the plugin made, destroys the
/// plugin object and only then unloads the library.
class Plugin {
public:
    virtual ~Plugin() = default;
    virtual void init(PluginContext& context) = 0;
    virtual void start() {}
    virtual void stop() {}
};

}  // namespace sockstream

#define SOCKSTREAM_EXPORT_SYMBOL extern "C" __attribute__((visibility("default")))

/// Exports a plugin class from its shared library. Use exactly once per plugin:
///   SOCKSTREAM_PLUGIN(sockstream::chat::ChatPlugin)
#define SOCKSTREAM_PLUGIN(PluginClass)                                      \
    SOCKSTREAM_EXPORT_SYMBOL const char* sockstream_plugin_abi() {          \
        return SOCKSTREAM_ABI_SIGNATURE;                                    \
    }                                                                       \
    SOCKSTREAM_EXPORT_SYMBOL ::sockstream::Plugin* sockstream_plugin_create() { \
        return new PluginClass();                                           \
    }
