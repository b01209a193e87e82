#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace sockstream {

/// A value from the environment that replaces one key of a plugin's config,
/// for deployers who keep one config file and vary ports or URLs per machine
/// (a container, a test). See PluginContext::configOverride().
struct ConfigOverride {
    std::string variable;  ///< e.g. "SOCKSTREAM_RTMP_PORT": name it in error messages
    std::string value;     ///< never empty
};

/// The environment variable that overrides `key` of plugin `pluginName`'s
/// config: "SOCKSTREAM_", the plugin's name as it is declared in the config
/// file, then the key, both upper-cased, with '-' and '.' as '_' and a '_'
/// before each capital of a camelCase key:
///   ("rtmp", "port")               -> SOCKSTREAM_RTMP_PORT
///   ("auth-google", "clientId")    -> SOCKSTREAM_AUTH_GOOGLE_CLIENT_ID
///   ("rtmp", "tls.port")           -> SOCKSTREAM_RTMP_TLS_PORT
/// The rule lives here, in the SDK, so every plugin's variables follow it and
/// its README can name them without guessing.
inline std::string configOverrideVariable(std::string_view pluginName, std::string_view key) {
    std::string variable = "SOCKSTREAM_";
    auto append = [&variable](std::string_view part) {
        for (std::size_t i = 0; i < part.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(part[i]);
            if (c == '-' || c == '.') {
                variable += '_';
                continue;
            }
            if (std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(part[i - 1]))) variable += '_';
            variable += static_cast<char>(std::toupper(c));
        }
    };
    append(pluginName);
    variable += '_';
    append(key);
    return variable;
}

}  // namespace sockstream
