#pragma once

#include <functional>
#include <optional>
#include <string>

#include <Poco/Logger.h>

#include "config/ServerConfig.h"
#include "sockstream/plugin/Settings.h"

namespace sockstream::core {

using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;

/// Reads a variable from the process environment.
std::optional<std::string> processEnvironment(const std::string& name);

/// Applies SOCKSTREAM_* environment overrides to the config (they win over the file).
void applyEnvironment(ServerConfig& config, const EnvironmentLookup& env);

/// Builds the deployment settings: the HTTP address, URLs, data dir and secrets
/// (a plugin's own port is its config's, see PluginContext::configOverride). Missing
/// secrets are generated once and kept in <dataDir>/secrets.json (mode 0600).
Settings resolveSettings(const ServerConfig& config, const EnvironmentLookup& env, Poco::Logger& logger);

}  // namespace sockstream::core
