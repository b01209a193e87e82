#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <Poco/Logger.h>

#include "config/ServerConfig.h"
#include "plugin/CoreServices.h"

namespace sockstream::core {

/// A plugin could not be loaded, initialised or started; the message names it.
class PluginError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct PluginStatus {
    std::string name;
    std::string library;
    std::string state;  ///< loaded, initialised, running, stopped
};

/// Loads enabled plugins with Boost.DLL, refuses ABI mismatches, orders them by
/// dependencies, and drives init -> start -> stop -> unload. Nothing a plugin
/// made outlives its library: registrations are dropped, the plugin object is
/// destroyed, and only then is the library unloaded.
class PluginManager {
public:
    PluginManager(CoreServices& core, Poco::Logger& logger);
    ~PluginManager();

    /// Loads and checks every enabled plugin; disabled ones are never opened.
    void load(const std::vector<PluginDeclaration>& declarations, const std::filesystem::path& pluginDir);
    /// A plugin whose config is wrong (it threw lib::config::ConfigError) stops start-up with
    /// ConfigError("<configFile>: plugin \"<name>\": <key> <problem>"); any other failure is a PluginError.
    void initAll(const std::string& configFile = {});
    void startAll();
    /// Once listeners are open: runs each running plugin's whenListening() callbacks,
    /// in start order. A failure is a PluginError naming the plugin (the caller stops the server).
    void announceListening();
    /// Calls stop() on running plugins in reverse order.
    void stopAll();
    /// Drops every registration, destroys the plugin objects, then unloads the libraries.
    void unloadAll();
    void shutdown() { stopAll(); unloadAll(); }

    std::vector<PluginStatus> status() const;

    /// Enabled plugins in an order where dependencies come first (config order otherwise).
    /// Throws PluginError for a missing or disabled dependency or a cycle.
    static std::vector<PluginDeclaration> orderByDependencies(const std::vector<PluginDeclaration>& declarations);
    static std::filesystem::path libraryPath(const PluginDeclaration& declaration, const std::filesystem::path& pluginDir);

private:
    struct LoadedPlugin;
    void stopFirst(std::size_t count);

    CoreServices& _core;
    Poco::Logger& _logger;
    std::vector<std::unique_ptr<LoadedPlugin>> _plugins;  // in start order
};

}  // namespace sockstream::core
