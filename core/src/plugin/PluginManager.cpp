#include "plugin/PluginManager.h"

#include <map>
#include <set>

#include <boost/dll/shared_library.hpp>

#include "plugin/AbiMismatch.h"
#include "plugin/PluginContextImpl.h"
#include "sockstream-config/ConfigError.h"
#include "plugin/ServicesRegistry.h"
#include "sockstream/plugin/Plugin.h"

namespace sockstream::core {

struct PluginManager::LoadedPlugin {
    // Declaration order matters: members are destroyed bottom-up, so the plugin
    // object goes first, then its context, and the library last.
    boost::dll::shared_library library;
    PluginDeclaration declaration;
    std::string path;
    std::unique_ptr<PluginContextImpl> context;
    std::unique_ptr<Plugin> plugin;
    std::string state = "loaded";
};

PluginManager::PluginManager(CoreServices& core, Poco::Logger& logger) : _core(core), _logger(logger) {}

PluginManager::~PluginManager() { shutdown(); }

std::filesystem::path PluginManager::libraryPath(const PluginDeclaration& declaration,
                                                 const std::filesystem::path& pluginDir) {
    const std::string& library = declaration.library;
    if (library.find('/') != std::string::npos || library.ends_with(".so")) return std::filesystem::path(library);
    return pluginDir / ("libsockstream-" + library + ".so");
}

std::vector<PluginDeclaration> PluginManager::orderByDependencies(const std::vector<PluginDeclaration>& declarations) {
    std::map<std::string, const PluginDeclaration*> byName;
    for (const auto& d : declarations) byName[d.name] = &d;

    std::vector<const PluginDeclaration*> enabled;
    for (const auto& d : declarations) {
        if (!d.enabled) continue;
        for (const auto& dependency : d.dependencies) {
            auto it = byName.find(dependency);
            if (it == byName.end())
                throw PluginError("plugin " + d.name + ": depends on \"" + dependency + "\", which is not declared");
            if (!it->second->enabled)
                throw PluginError("plugin " + d.name + ": depends on \"" + dependency + "\", which is disabled");
        }
        enabled.push_back(&d);
    }

    // Kahn's algorithm, always taking the earliest ready plugin so config order breaks ties.
    std::vector<PluginDeclaration> ordered;
    std::set<std::string> placed;
    while (ordered.size() < enabled.size()) {
        bool progressed = false;
        for (const auto* d : enabled) {
            if (placed.count(d->name)) continue;
            bool ready = true;
            for (const auto& dependency : d->dependencies) ready = ready && placed.count(dependency);
            if (!ready) continue;
            ordered.push_back(*d);
            placed.insert(d->name);
            progressed = true;
            break;
        }
        if (!progressed) {
            std::string cycle;
            for (const auto* d : enabled)
                if (!placed.count(d->name)) cycle += (cycle.empty() ? "" : ", ") + d->name;
            throw PluginError("plugins " + cycle + ": their dependencies form a cycle");
        }
    }
    return ordered;
}

void PluginManager::load(const std::vector<PluginDeclaration>& declarations, const std::filesystem::path& pluginDir) {
    for (const auto& declaration : orderByDependencies(declarations)) {
        auto loaded = std::make_unique<LoadedPlugin>();
        loaded->declaration = declaration;
        loaded->path = libraryPath(declaration, pluginDir).string();
        const std::string where = "plugin " + declaration.name + " (" + loaded->path + ")";
        if (!std::filesystem::exists(loaded->path)) throw PluginError(where + ": library not found");
        try {
            loaded->library.load(loaded->path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
        } catch (const std::exception& error) {
            throw PluginError(where + ": cannot be loaded: " + error.what());
        }
        if (!loaded->library.has("sockstream_plugin_abi") || !loaded->library.has("sockstream_plugin_create"))
            throw PluginError(where + ": missing symbol sockstream_plugin_abi or sockstream_plugin_create "
                                      "(is it a SockStream plugin built with SOCKSTREAM_PLUGIN?)");
        std::string signature = loaded->library.get<const char*()>("sockstream_plugin_abi")();
        if (signature != kAbiSignature)
            throw PluginError(where + ": is not binary compatible (" + describeAbiMismatch(signature, kAbiSignature) +
                              "): built against " + signature + ", this server is " + kAbiSignature +
                              "; rebuild the plugin against this server's SDK");
        _logger.information("plugin %s: loaded %s", declaration.name, loaded->path);
        _plugins.push_back(std::move(loaded));
    }
}

void PluginManager::initAll(const std::string& configFile) {
    for (std::size_t i = 0; i < _plugins.size(); ++i) {
        auto& loaded = *_plugins[i];
        // Only the message leaves the handler: the exception object may be of a type
        // the plugin defines (its code, vtable and destructor live in its library), so
        // it must be gone before unloadAll() closes that library.
        std::string configProblem;
        std::string failure;
        try {
            loaded.context = std::make_unique<PluginContextImpl>(_core, loaded.declaration.name, loaded.declaration.config);
            loaded.plugin.reset(loaded.library.get<Plugin*()>("sockstream_plugin_create")());
            loaded.plugin->init(*loaded.context);
            loaded.state = "initialised";
        } catch (const lib::config::ConfigError& error) {
            // The plugin read its config with the shared reader, which names the key; the
            // file and the plugin are known only here. (The plugin's copy of ConfigError
            // matches ours: libstdc++ compares type names, and the ABI check pins the compiler.)
            configProblem = (configFile.empty() ? "" : configFile + ": ") + "plugin \"" + loaded.declaration.name +
                            "\": " + error.what();
        } catch (const std::exception& error) {
            failure = "plugin " + loaded.declaration.name + ": failed to initialise: " + error.what();
        }
        if (configProblem.empty() && failure.empty()) continue;
        unloadAll();
        if (!configProblem.empty()) throw ConfigError(configProblem);
        throw PluginError(failure);
    }
}

void PluginManager::startAll() {
    for (std::size_t i = 0; i < _plugins.size(); ++i) {
        auto& loaded = *_plugins[i];
        std::string failure;
        try {
            loaded.plugin->start();
            loaded.state = "running";
            // Every running plugin shows in /api/features, declared or not.
            if (!_core.features.has(loaded.declaration.name))
                _core.features.declare(loaded.declaration.name, Poco::JSON::Object());
        } catch (const std::exception& error) {
            failure = "plugin " + loaded.declaration.name + ": failed to start: " + error.what();
        }
        if (!failure.empty()) {
            // Outside the handler, as in initAll(): the exception may be the plugin's own type.
            stopFirst(i);
            unloadAll();
            throw PluginError(failure);
        }
        _logger.information("plugin %s: running", loaded.declaration.name);
    }
}

void PluginManager::announceListening() {
    for (auto& entry : _plugins) {
        auto& loaded = *entry;
        if (loaded.state != "running" || !loaded.context) continue;
        std::string failure;
        try {
            loaded.context->runListeningCallbacks();
        } catch (const std::exception& error) {
            failure = "plugin " + loaded.declaration.name + ": failed once listening: " + error.what();
        }
        // Outside the handler, as in initAll(): the exception may be the plugin's own type.
        if (!failure.empty()) throw PluginError(failure);
    }
}

void PluginManager::stopFirst(std::size_t count) {
    for (std::size_t i = count; i-- > 0;) {
        auto& loaded = *_plugins[i];
        if (loaded.state != "running") continue;
        try {
            loaded.plugin->stop();
        } catch (const std::exception& error) {
            _logger.error("plugin %s: stop failed: %s", loaded.declaration.name, std::string(error.what()));
        }
        loaded.state = "stopped";
    }
}

void PluginManager::stopAll() { stopFirst(_plugins.size()); }

void PluginManager::unloadAll() {
    for (std::size_t i = _plugins.size(); i-- > 0;) {
        auto& loaded = *_plugins[i];
        if (loaded.context) loaded.context->unregisterAll();
        loaded.plugin.reset();
        loaded.context.reset();
    }
    while (!_plugins.empty()) {
        _logger.information("plugin %s: unloaded", _plugins.back()->declaration.name);
        _plugins.pop_back();
    }
}

std::vector<PluginStatus> PluginManager::status() const {
    std::vector<PluginStatus> result;
    for (const auto& loaded : _plugins) result.push_back({loaded->declaration.name, loaded->path, loaded->state});
    return result;
}

}  // namespace sockstream::core
