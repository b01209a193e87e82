#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "sockstream/rooms/Room.h"

namespace sockstream::core {

/// A configuration problem; the message names the file or plugin and the reason.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct PluginDeclaration {
    std::string name;
    std::string library;  ///< "chat" -> <pluginDir>/libsockstream-chat.so, or a path to a .so
    bool enabled = true;
    std::vector<std::string> dependencies;
    Poco::JSON::Object::Ptr config;  ///< never null
};

struct HttpLimits {
    std::size_t maxHeaderBytes = 16 * 1024;
    std::size_t maxBodyBytes = 1024 * 1024;
    int requestTimeoutSeconds = 30;
    int idleTimeoutSeconds = 75;
    std::size_t maxConnections = 20'000;        ///< HTTP and WebSocket connections together
    std::size_t maxConnectionsPerAddress = 256;  ///< per client address (IPv6: per /64); 0: no cap
    int idleTimeoutUnderPressureSeconds = 5;     ///< beyond 3/4 of maxConnections
    /// Addresses and networks (reverse proxies, load balancers) that no
    /// per-address cap counts, on the HTTP server and every plugin listener.
    std::vector<std::string> exemptAddresses;
};

struct RoomsConfig {
    int maxRoomsPerUser = 1;
    std::size_t titleMaxLength = 120;
    std::size_t descriptionMaxLength = 2000;
    int streamKeyTtlSeconds = 60 * 60;
    int reconnectGraceSeconds = 30;
    /// A publish accepted with a key but no media opened within this many seconds
    /// gives the key back (the encoder left before sending a picture).
    int publishOpenTimeoutSeconds = 10;
    /// How often keys are swept (stale authorisations, grace windows that ended across a restart).
    int keySweepSeconds = 2;
    std::vector<std::string> admins;  ///< user ids or emails allowed to manage every room
};

/// Where users, sessions, rooms and plugin tables live.
struct DatabaseConfig {
    std::string driver = "sqlite";  ///< "sqlite": <dataDir>/sockstream.db; "postgresql": a shared server
    std::string url;                ///< postgresql only: postgresql://user:pass@host:port/db or key=value pairs
    int poolSize = 16;              ///< postgresql only: the most connections this server opens
};

/// Several servers behind one load balancer share chat, presence and broadcast
/// locations through Redis. Off unless a Redis URL is configured.
struct ClusterConfig {
    std::string redisUrl;       ///< redis://[:password@]host[:port][/db]; or SOCKSTREAM_REDIS_URL
    std::string serverId;       ///< default <hostname>-<httpPort>; or SOCKSTREAM_SERVER_ID
    std::string advertiseUrl;   ///< how other servers reach this one; default http://<hostname>:<httpPort>
    std::string keyPrefix = "sockstream";  ///< Redis keys and channels start with it: one Redis, many deployments
    int broadcastTtlSeconds = 10;          ///< a crashed server's broadcasts disappear from the registry after this
};

struct ServerConfig {
    std::string sourceFile;
    std::string host = "0.0.0.0";
    int httpPort = 8080;
    std::string publicUrl;        ///< default http://localhost:<httpPort>
    std::string dataDir = "./data";
    std::string webRoot = "web/dist";
    std::string pluginDir;        ///< default <executable dir>/../lib/sockstream
    std::string logLevel = "information";
    int ioThreads = 0;            ///< 0: one per core
    /// I/O threads that upgraded WebSockets live on (0: all). One by default:
    /// a chat broadcast then never wakes a second thread, which on a small
    /// machine costs more than the sends it would share.
    int webSocketThreads = 1;
    int workerThreads = 8;
    std::vector<std::string> allowedOrigins;
    HttpLimits limits;
    std::vector<Channel> channels;
    RoomsConfig rooms;
    DatabaseConfig database;
    ClusterConfig cluster;
    std::vector<PluginDeclaration> plugins;
};

/// Reads and validates the config file. Unknown keys and wrong types are errors.
ServerConfig loadServerConfig(const std::string& file);
ServerConfig parseServerConfig(const std::string& json, const std::string& sourceName);

}  // namespace sockstream::core
