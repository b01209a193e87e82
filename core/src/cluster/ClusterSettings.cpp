#include "cluster/ClusterSettings.h"

#include <algorithm>
#include <cctype>

#include <Poco/DigestEngine.h>
#include <Poco/Environment.h>
#include <Poco/SHA2Engine.h>

namespace sockstream::core {

namespace {

/// A host name made into a valid server id (letters, digits, '-', '_').
std::string idFromHostname(std::string name) {
    std::replace_if(name.begin(), name.end(), [](unsigned char c) { return !std::isalnum(c) && c != '-' && c != '_'; }, '-');
    if (name.size() > 50) name.resize(50);
    return name.empty() ? std::string("server") : name;
}

std::string override(const EnvironmentLookup& env, const char* name, std::string value) {
    if (auto set = env(name); set && !set->empty()) return *set;
    return value;
}

}  // namespace

std::string secretsFingerprint(const std::string& authSecret, const std::string& streamKeySecret) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(std::string("sockstream cluster secrets v1\n"));
    sha.update(authSecret);
    sha.update(std::string("\n"));
    sha.update(streamKeySecret);
    return Poco::DigestEngine::digestToHex(sha.digest()).substr(0, 32);
}

ClusterSettings resolveClusterSettings(ClusterConfig config, const EnvironmentLookup& env,
                                       const std::string& httpHost, int httpPort) {
    ClusterSettings settings;
    config.redisUrl = override(env, "SOCKSTREAM_REDIS_URL", config.redisUrl);
    config.serverId = override(env, "SOCKSTREAM_SERVER_ID", config.serverId);
    config.advertiseUrl = override(env, "SOCKSTREAM_ADVERTISE_URL", config.advertiseUrl);
    settings.keyPrefix = config.keyPrefix;
    settings.broadcastTtl = std::chrono::seconds(config.broadcastTtlSeconds);
    if (config.redisUrl.empty()) {
        settings.serverId = "standalone";
        return settings;
    }
    std::string error;
    auto endpoint = RedisEndpoint::parse(config.redisUrl, error);
    if (!endpoint) throw ConfigError("cluster.redisUrl: " + error);
    settings.enabled = true;
    settings.redis = *endpoint;
    // The config file's id was checked when it was read; the environment's is checked here.
    const bool validId = !config.serverId.empty() && config.serverId.size() <= 64 &&
                         std::all_of(config.serverId.begin(), config.serverId.end(),
                                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
    if (!config.serverId.empty() && !validId)
        throw ConfigError("cluster.serverId (or SOCKSTREAM_SERVER_ID) must be 1-64 letters, digits, '-' or '_'");
    const std::string hostname = Poco::Environment::nodeName();
    settings.serverId = config.serverId.empty() ? idFromHostname(hostname) + "-" + std::to_string(httpPort) : config.serverId;
    if (config.advertiseUrl.empty()) {
        const bool wildcard = httpHost.empty() || httpHost == "0.0.0.0" || httpHost == "::";
        std::string host = wildcard ? hostname : httpHost;
        if (host.find(':') != std::string::npos) host = "[" + host + "]";
        config.advertiseUrl = "http://" + host + ":" + std::to_string(httpPort);
    }
    while (!config.advertiseUrl.empty() && config.advertiseUrl.back() == '/') config.advertiseUrl.pop_back();
    if (config.advertiseUrl.rfind("http://", 0) != 0 || config.advertiseUrl.find_first_of(" \n") != std::string::npos)
        throw ConfigError("cluster.advertiseUrl (or SOCKSTREAM_ADVERTISE_URL) must be an http:// URL without spaces");
    settings.advertiseUrl = config.advertiseUrl;
    return settings;
}

}  // namespace sockstream::core
