#pragma once

#include "cluster/ClusterImpl.h"
#include "config/ServerConfig.h"
#include "config/SettingsResolver.h"

namespace sockstream::core {

/// The "cluster" config after SOCKSTREAM_REDIS_URL, SOCKSTREAM_SERVER_ID and
/// SOCKSTREAM_ADVERTISE_URL, with defaults: server id <hostname>-<port>,
/// advertised at http://<bind address or hostname>:<port>. Throws ConfigError
/// for a malformed Redis URL.
/// What servers compare to know they share secrets, without revealing them.
std::string secretsFingerprint(const std::string& authSecret, const std::string& streamKeySecret);

ClusterSettings resolveClusterSettings(ClusterConfig config, const EnvironmentLookup& env,
                                       const std::string& httpHost, int httpPort);

}  // namespace sockstream::core
