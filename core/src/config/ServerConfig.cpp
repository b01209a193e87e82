#include "config/ServerConfig.h"

#include <fstream>
#include <set>
#include <sstream>

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include "sockstream-config/ConfigSection.h"

namespace sockstream::core {

namespace {

using Poco::JSON::Object;
using Section = lib::config::ConfigSection;

bool isIdentifier(const std::string& text) {
    if (text.empty() || text.size() > 64) return false;
    for (char c : text)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    return true;
}

void readServer(const Section& server, ServerConfig& config) {
    // Ingest URLs, ports and paths belong to their plugins: the core names no protocol,
    // so a protocol's old server key is simply unknown here (each plugin's README says where it went).
    server.allowOnly({"host", "httpPort", "publicUrl", "dataDir", "webRoot", "pluginDir", "logLevel",
                      "ioThreads", "webSocketThreads", "workerThreads", "allowedOrigins", "limits"});
    config.host = server.string("host", config.host);
    server.readInt("httpPort", config.httpPort, 0, 65535);
    config.publicUrl = server.string("publicUrl", config.publicUrl);
    config.dataDir = server.string("dataDir", config.dataDir);
    config.webRoot = server.string("webRoot", config.webRoot);
    config.pluginDir = server.string("pluginDir", config.pluginDir);
    config.logLevel = server.string("logLevel", config.logLevel);
    static const std::set<std::string> levels{"fatal", "critical", "error", "warning", "notice", "information", "debug", "trace"};
    if (!levels.count(config.logLevel))
        server.fail("logLevel", "must be one of fatal, critical, error, warning, notice, information, debug, trace");
    server.readInt("ioThreads", config.ioThreads, 0, 256);
    server.readInt("webSocketThreads", config.webSocketThreads, 0, 256);
    server.readInt("workerThreads", config.workerThreads, 1, 1024);
    config.allowedOrigins = server.strings("allowedOrigins", config.allowedOrigins);
    Section limits = server.section("limits");
    limits.allowOnly({"maxHeaderBytes", "maxBodyBytes", "requestTimeoutSeconds", "idleTimeoutSeconds", "maxConnections",
                      "maxConnectionsPerAddress", "idleTimeoutUnderPressureSeconds", "exemptAddresses"});
    limits.readInt("maxHeaderBytes", config.limits.maxHeaderBytes, 1024, 1 << 20);
    limits.readInt("maxBodyBytes", config.limits.maxBodyBytes, 0, 1LL << 30);
    limits.readInt("requestTimeoutSeconds", config.limits.requestTimeoutSeconds, 1, 3600);
    limits.readInt("idleTimeoutSeconds", config.limits.idleTimeoutSeconds, 1, 3600);
    limits.readInt("maxConnections", config.limits.maxConnections, 1, 10'000'000);
    limits.readInt("maxConnectionsPerAddress", config.limits.maxConnectionsPerAddress, 0, 10'000'000);
    limits.readInt("idleTimeoutUnderPressureSeconds", config.limits.idleTimeoutUnderPressureSeconds, 1, 3600);
    config.limits.exemptAddresses = limits.strings("exemptAddresses", config.limits.exemptAddresses);
}

void readChannels(const Section& root, ServerConfig& config) {
    std::set<std::string> seen;
    int position = 0;
    for (const Section& entry : root.sections("channels")) {
        entry.allowOnly({"id", "title", "description", "order"});
        Channel channel;
        channel.id = entry.string("id", channel.id);
        channel.title = entry.string("title", channel.title);
        channel.description = entry.string("description", channel.description);
        channel.order = position++;
        entry.readInt("order", channel.order, -1000000, 1000000);
        if (!isIdentifier(channel.id))
            entry.fail("id", "must be 1-64 letters, digits, '-' or '_'");
        if (channel.title.empty()) channel.title = channel.id;
        if (!seen.insert(channel.id).second) entry.fail("id", "\"" + channel.id + "\" is used twice");
        config.channels.push_back(std::move(channel));
    }
}

void readRooms(const Section& rooms, RoomsConfig& config) {
    rooms.allowOnly({"maxRoomsPerUser", "titleMaxLength", "descriptionMaxLength", "streamKeyTtlMinutes",
                     "streamKeyTtlSeconds", "reconnectGraceSeconds", "publishOpenTimeoutSeconds", "admins"});
    rooms.readInt("maxRoomsPerUser", config.maxRoomsPerUser, 1, 1000);
    rooms.readInt("titleMaxLength", config.titleMaxLength, 1, 10000);
    rooms.readInt("descriptionMaxLength", config.descriptionMaxLength, 0, 100000);
    int minutes = -1;
    rooms.readInt("streamKeyTtlMinutes", minutes, 1, 60 * 24 * 365);
    if (minutes > 0) config.streamKeyTtlSeconds = minutes * 60;
    rooms.readInt("streamKeyTtlSeconds", config.streamKeyTtlSeconds, 1, 60 * 60 * 24 * 365);
    rooms.readInt("reconnectGraceSeconds", config.reconnectGraceSeconds, 0, 3600);
    rooms.readInt("publishOpenTimeoutSeconds", config.publishOpenTimeoutSeconds, 1, 600);
    config.admins = rooms.strings("admins", config.admins);
}

void readDatabase(const Section& database, DatabaseConfig& config) {
    database.allowOnly({"driver", "url", "poolSize"});
    config.driver = database.string("driver", config.driver);
    if (config.driver != "sqlite" && config.driver != "postgresql")
        database.fail("driver", "must be \"sqlite\" or \"postgresql\"");
    config.url = database.string("url", config.url);
    database.readInt("poolSize", config.poolSize, 1, 1000);
    // A PostgreSQL URL may also come from SOCKSTREAM_DATABASE_URL, so a missing one is checked at start.
    if (config.driver == "sqlite" && (database.has("url") || database.has("poolSize")))
        database.fail(database.has("url") ? "url" : "poolSize",
                      "only applies to driver \"postgresql\"");
}

void readCluster(const Section& cluster, ClusterConfig& config) {
    cluster.allowOnly({"redisUrl", "serverId", "advertiseUrl", "keyPrefix", "broadcastTtlSeconds"});
    config.redisUrl = cluster.string("redisUrl", config.redisUrl);
    config.serverId = cluster.string("serverId", config.serverId);
    if (!config.serverId.empty() && !isIdentifier(config.serverId))
        cluster.fail("serverId", "must be 1-64 letters, digits, '-' or '_'");
    config.advertiseUrl = cluster.string("advertiseUrl", config.advertiseUrl);
    if (!config.advertiseUrl.empty() && config.advertiseUrl.rfind("http://", 0) != 0)
        cluster.fail("advertiseUrl", "must be an http:// URL other servers can reach");
    config.keyPrefix = cluster.string("keyPrefix", config.keyPrefix);
    if (!isIdentifier(config.keyPrefix))
        cluster.fail("keyPrefix", "must be 1-64 letters, digits, '-' or '_'");
    cluster.readInt("broadcastTtlSeconds", config.broadcastTtlSeconds, 3, 300);
}

void readPlugins(const Section& root, ServerConfig& config) {
    std::set<std::string> seen;
    for (const Section& entry : root.sections("plugins")) {
        entry.allowOnly({"name", "library", "enabled", "dependencies", "config"});
        PluginDeclaration plugin;
        plugin.name = entry.string("name", plugin.name);
        if (!isIdentifier(plugin.name))
            entry.fail("name", "must be 1-64 letters, digits, '-' or '_'");
        if (!seen.insert(plugin.name).second)
            entry.fail("name", "\"" + plugin.name + "\" is declared twice");
        plugin.library = entry.string("library", plugin.name);
        plugin.enabled = entry.boolean("enabled", plugin.enabled);
        plugin.dependencies = entry.strings("dependencies", plugin.dependencies);
        plugin.config = entry.section("config").object();
        config.plugins.push_back(std::move(plugin));
    }
}

}  // namespace

ServerConfig parseServerConfig(const std::string& json, const std::string& sourceName) {
    ServerConfig config;
    config.sourceFile = sourceName;
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(json);
    } catch (const Poco::Exception& error) {
        throw ConfigError(sourceName + ": not valid JSON: " + error.message());
    }
    if (parsed.type() != typeid(Object::Ptr)) throw ConfigError(sourceName + ": the top level must be a JSON object");
    Section root(parsed.extract<Object::Ptr>(), "", config.sourceFile + ": ");
    try {
        root.allowOnly({"server", "channels", "rooms", "database", "cluster", "plugins"});
        readServer(root.section("server"), config);
        readChannels(root, config);
        readRooms(root.section("rooms"), config.rooms);
        readDatabase(root.section("database"), config.database);
        readCluster(root.section("cluster"), config.cluster);
        readPlugins(root, config);
    } catch (const lib::config::ConfigError& error) {
        throw ConfigError(error.what());
    }
    return config;
}

ServerConfig loadServerConfig(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError(file + ": cannot read the config file");
    std::ostringstream text;
    text << in.rdbuf();
    return parseServerConfig(text.str(), file);
}

}  // namespace sockstream::core
