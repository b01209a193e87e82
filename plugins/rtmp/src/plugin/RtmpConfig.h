#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <Poco/JSON/Object.h>

#include "../protocol/RtmpLimits.h"
#include "sockstream/net/ListenerRegistry.h"
#include "sockstream/plugin/ConfigOverride.h"
#include "sockstream/plugin/Settings.h"

namespace sockstream::rtmp {

/// The plugin's "config" object, checked at start-up (errors are fatal).
struct RtmpConfig {
    std::string host = "0.0.0.0";
    int port = 1935;
    std::string application = "live";
    /// What hosts are told to give their encoder, when it is not
    /// rtmp://<server.publicUrl host>:<port>/<application> (a proxy or NAT in between).
    std::string publicUrl;
    std::chrono::milliseconds readTimeout{10'000};
    std::size_t maxConnections = 1000;
    std::size_t maxConnectionsPerAddress = 16;
    std::chrono::milliseconds handshakeTimeoutUnderPressure{3'000};
    std::size_t maxQueuedBytes = 1u << 20;
    std::optional<TlsConfig> tls;
    int tlsPort = 1936;
    RtmpLimits limits;

    /// PluginContext::configOverride: the environment's value for a key, if any.
    using Overrides = std::function<std::optional<ConfigOverride>(const std::string& key)>;
    /// The keys a deployer may override from the environment (SOCKSTREAM_RTMP_PORT, ...),
    /// winning over the file.
    static constexpr const char* kOverridableKeys[] = {"host", "port", "application", "publicUrl"};

    /// Throws lib::config::ConfigError (a std::invalid_argument) naming the offending
    /// field; unknown keys are errors too. A malformed override is a
    /// std::invalid_argument naming its variable.
    static RtmpConfig parse(const Poco::JSON::Object& config, const Settings& settings,
                            const Overrides& overrides = {});
};

}  // namespace sockstream::rtmp
