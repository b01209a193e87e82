#pragma once

#include <map>
#include <optional>
#include <string>

#include "config/ServerConfig.h"
#include "config/SettingsResolver.h"

namespace sockstream::test {

/// An environment holding exactly these variables.
inline core::EnvironmentLookup environmentOf(std::map<std::string, std::string> values = {}) {
    return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
        auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

/// The message of the ConfigError parsing `json` throws ("" when it parses).
inline std::string configErrorFor(const std::string& json) {
    try {
        core::parseServerConfig(json, "site.json");
    } catch (const core::ConfigError& error) {
        return error.what();
    }
    return "";
}

}  // namespace sockstream::test
