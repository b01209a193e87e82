#pragma once

#include <chrono>
#include <filesystem>
#include <memory>

#include <Poco/Logger.h>

#include "config/ServerConfig.h"
#include "config/SettingsResolver.h"

namespace sockstream::core {

/// The whole SockStream server: core services, plugins and listeners, started
/// and stopped in the order that keeps plugin code alive while anything can
/// still call it.
///
/// Start:  settings -> database and migrations -> core services and routes ->
///         plugins load/init/start -> HTTP and plugin listeners open.
/// Stop:   listeners close -> broadcasts end -> plugins stop (reverse) ->
///         event loop stops -> plugin registrations dropped -> libraries unloaded.
class Server {
public:
    Server(ServerConfig config, EnvironmentLookup environment, std::filesystem::path executableDir);
    ~Server();

    /// Throws ConfigError or PluginError (message names the culprit); on failure
    /// everything already started is stopped again.
    void start();
    void stop();

    int httpPort() const;

private:
    struct Parts;
    void registerCoreRoutes();

    ServerConfig _config;
    EnvironmentLookup _environment;
    std::filesystem::path _executableDir;
    Poco::Logger& _logger;
    std::unique_ptr<Parts> _parts;
    std::chrono::steady_clock::time_point _startedAt;
};

}  // namespace sockstream::core
