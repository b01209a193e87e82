#include "config/ServerConfig.h"

#include <fstream>
#include <set>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

namespace sockstream::core {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

/// Reads one JSON object, naming the exact key in every error.
class Section {
public:
    Section(const Object::Ptr& object, std::string path, const std::string& source)
        : _object(object), _path(std::move(path)), _source(source) {}

    void allowOnly(std::initializer_list<const char*> keys) const {
        std::set<std::string> allowed(keys.begin(), keys.end());
        for (const auto& [key, value] : *_object)
            if (!allowed.count(key)) fail(qualified(key), "is not a known setting");
    }
    bool has(const std::string& key) const { return _object->has(key) && !_object->isNull(key); }

    void read(const std::string& key, std::string& out) const {
        if (!has(key)) return;
        auto value = _object->get(key);
        if (!value.isString()) fail(qualified(key), "must be a string");
        out = value.extract<std::string>();
    }
    void read(const std::string& key, bool& out) const {
        if (!has(key)) return;
        auto value = _object->get(key);
        if (!value.isBoolean()) fail(qualified(key), "must be true or false");
        out = value.extract<bool>();
    }
    template <class Int>
    void readInt(const std::string& key, Int& out, std::int64_t min, std::int64_t max) const {
        if (!has(key)) return;
        auto value = _object->get(key);
        // Poco counts a JSON true/false as an integer; a config must not.
        if (!value.isInteger() || value.isBoolean()) fail(qualified(key), "must be an integer");
        std::int64_t number = value.convert<std::int64_t>();
        if (number < min || number > max)
            fail(qualified(key), "must be between " + std::to_string(min) + " and " + std::to_string(max));
        out = static_cast<Int>(number);
    }
    void read(const std::string& key, std::vector<std::string>& out) const {
        if (!has(key)) return;
        Array::Ptr array = arrayAt(key);
        out.clear();
        for (std::size_t i = 0; i < array->size(); ++i) {
            auto value = array->get(static_cast<unsigned>(i));
            if (!value.isString()) fail(qualified(key) + "[" + std::to_string(i) + "]", "must be a string");
            out.push_back(value.extract<std::string>());
        }
    }
    Section section(const std::string& key) const {
        if (!has(key)) return Section(new Object, qualified(key), _source);
        if (!_object->isObject(key)) fail(qualified(key), "must be an object");
        return Section(_object->getObject(key), qualified(key), _source);
    }
    Array::Ptr arrayAt(const std::string& key) const {
        if (!_object->isArray(key)) fail(qualified(key), "must be an array");
        return _object->getArray(key);
    }
    std::string qualified(const std::string& key) const { return _path.empty() ? key : _path + "." + key; }
    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw ConfigError(_source + ": " + where + " " + what);
    }
    const Object::Ptr& object() const { return _object; }

private:
    Object::Ptr _object;
    std::string _path;
    const std::string& _source;
};

Section elementAt(const Array::Ptr& array, std::size_t index, const std::string& path, const std::string& source) {
    std::string where = path + "[" + std::to_string(index) + "]";
    if (!array->isObject(static_cast<unsigned>(index))) throw ConfigError(source + ": " + where + " must be an object");
    return Section(array->getObject(static_cast<unsigned>(index)), where, source);
}

bool isIdentifier(const std::string& text) {
    if (text.empty() || text.size() > 64) return false;
    for (char c : text)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    return true;
}

void readServer(const Section& server, ServerConfig& config) {
    // Ingest URLs belong to their plugins now; say where the old key went rather than only "unknown".
    if (server.has("rtmpPublicUrl"))
        server.fail(server.qualified("rtmpPublicUrl"), "is now the rtmp plugin's \"publicUrl\" (plugins[].config.publicUrl)");
    server.allowOnly({"host", "httpPort", "publicUrl", "dataDir", "webRoot", "pluginDir", "logLevel",
                      "ioThreads", "webSocketThreads", "workerThreads", "allowedOrigins", "limits"});
    server.read("host", config.host);
    server.readInt("httpPort", config.httpPort, 0, 65535);
    server.read("publicUrl", config.publicUrl);
    server.read("dataDir", config.dataDir);
    server.read("webRoot", config.webRoot);
    server.read("pluginDir", config.pluginDir);
    server.read("logLevel", config.logLevel);
    static const std::set<std::string> levels{"fatal", "critical", "error", "warning", "notice", "information", "debug", "trace"};
    if (!levels.count(config.logLevel))
        server.fail(server.qualified("logLevel"), "must be one of fatal, critical, error, warning, notice, information, debug, trace");
    server.readInt("ioThreads", config.ioThreads, 0, 256);
    server.readInt("webSocketThreads", config.webSocketThreads, 0, 256);
    server.readInt("workerThreads", config.workerThreads, 1, 1024);
    server.read("allowedOrigins", config.allowedOrigins);
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
    limits.read("exemptAddresses", config.limits.exemptAddresses);
}

void readChannels(const Section& root, ServerConfig& config) {
    if (!root.has("channels")) return;
    auto array = root.arrayAt("channels");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < array->size(); ++i) {
        Section entry = elementAt(array, i, "channels", config.sourceFile);
        entry.allowOnly({"id", "title", "description", "order"});
        Channel channel;
        entry.read("id", channel.id);
        entry.read("title", channel.title);
        entry.read("description", channel.description);
        channel.order = static_cast<int>(i);
        entry.readInt("order", channel.order, -1000000, 1000000);
        if (!isIdentifier(channel.id))
            entry.fail(entry.qualified("id"), "must be 1-64 letters, digits, '-' or '_'");
        if (channel.title.empty()) channel.title = channel.id;
        if (!seen.insert(channel.id).second) entry.fail(entry.qualified("id"), "\"" + channel.id + "\" is used twice");
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
    rooms.read("admins", config.admins);
}

void readDatabase(const Section& database, DatabaseConfig& config) {
    database.allowOnly({"driver", "url", "poolSize"});
    database.read("driver", config.driver);
    if (config.driver != "sqlite" && config.driver != "postgresql")
        database.fail(database.qualified("driver"), "must be \"sqlite\" or \"postgresql\"");
    database.read("url", config.url);
    database.readInt("poolSize", config.poolSize, 1, 1000);
    // A PostgreSQL URL may also come from SOCKSTREAM_DATABASE_URL, so a missing one is checked at start.
    if (config.driver == "sqlite" && (database.has("url") || database.has("poolSize")))
        database.fail(database.qualified(database.has("url") ? "url" : "poolSize"),
                      "only applies to driver \"postgresql\"");
}

void readCluster(const Section& cluster, ClusterConfig& config) {
    cluster.allowOnly({"redisUrl", "serverId", "advertiseUrl", "keyPrefix", "broadcastTtlSeconds"});
    cluster.read("redisUrl", config.redisUrl);
    cluster.read("serverId", config.serverId);
    if (!config.serverId.empty() && !isIdentifier(config.serverId))
        cluster.fail(cluster.qualified("serverId"), "must be 1-64 letters, digits, '-' or '_'");
    cluster.read("advertiseUrl", config.advertiseUrl);
    if (!config.advertiseUrl.empty() && config.advertiseUrl.rfind("http://", 0) != 0)
        cluster.fail(cluster.qualified("advertiseUrl"), "must be an http:// URL other servers can reach");
    cluster.read("keyPrefix", config.keyPrefix);
    if (!isIdentifier(config.keyPrefix))
        cluster.fail(cluster.qualified("keyPrefix"), "must be 1-64 letters, digits, '-' or '_'");
    cluster.readInt("broadcastTtlSeconds", config.broadcastTtlSeconds, 3, 300);
}

void readPlugins(const Section& root, ServerConfig& config) {
    if (!root.has("plugins")) return;
    auto array = root.arrayAt("plugins");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < array->size(); ++i) {
        Section entry = elementAt(array, i, "plugins", config.sourceFile);
        entry.allowOnly({"name", "library", "enabled", "dependencies", "config"});
        PluginDeclaration plugin;
        entry.read("name", plugin.name);
        if (!isIdentifier(plugin.name))
            entry.fail(entry.qualified("name"), "must be 1-64 letters, digits, '-' or '_'");
        if (!seen.insert(plugin.name).second)
            entry.fail(entry.qualified("name"), "\"" + plugin.name + "\" is declared twice");
        plugin.library = plugin.name;
        entry.read("library", plugin.library);
        entry.read("enabled", plugin.enabled);
        entry.read("dependencies", plugin.dependencies);
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
    Section root(parsed.extract<Object::Ptr>(), "", config.sourceFile);
    root.allowOnly({"server", "channels", "rooms", "database", "cluster", "plugins"});
    readServer(root.section("server"), config);
    readChannels(root, config);
    readRooms(root.section("rooms"), config.rooms);
    readDatabase(root.section("database"), config.database);
    readCluster(root.section("cluster"), config.cluster);
    readPlugins(root, config);
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
