#include "config/SettingsResolver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include "sockstream/util/Random.h"

namespace sockstream::core {

namespace {

int parsePort(const std::string& name, const std::string& value) {
    try {
        std::size_t used = 0;
        int port = std::stoi(value, &used);
        if (used == value.size() && port >= 0 && port <= 65535) return port;
    } catch (const std::exception&) {
    }
    throw ConfigError(name + ": \"" + value + "\" is not a port number (0-65535)");
}

struct Secrets {
    std::string authSecret;
    std::string streamKeySecret;
};

Secrets loadOrCreateSecrets(const std::string& dataDir, const EnvironmentLookup& env, Poco::Logger& logger) {
    namespace fs = std::filesystem;
    fs::path file = fs::path(dataDir) / "secrets.json";
    Secrets secrets;
    if (fs::exists(file)) {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        try {
            auto object = Poco::JSON::Parser().parse(text.str()).extract<Poco::JSON::Object::Ptr>();
            secrets.authSecret = object->optValue<std::string>("authSecret", "");
            secrets.streamKeySecret = object->optValue<std::string>("streamKeySecret", "");
        } catch (const Poco::Exception& error) {
            throw ConfigError(file.string() + ": not a valid secrets file: " + error.message());
        }
    }
    bool changed = false;
    auto fill = [&](std::string& secret, const char* variable, const char* what) {
        if (auto fromEnv = env(variable); fromEnv && !fromEnv->empty()) {
            secret = *fromEnv;
            return;
        }
        if (!secret.empty()) return;
        secret = secureRandomToken(32);
        changed = true;
        logger.notice("generated a new %s and stored it in %s (set %s to provide your own)", std::string(what),
                      file.string(), std::string(variable));
    };
    fill(secrets.authSecret, "SOCKSTREAM_AUTH_SECRET", "auth secret");
    fill(secrets.streamKeySecret, "SOCKSTREAM_STREAM_KEY_SECRET", "stream key secret");
    if (changed) {
        Poco::JSON::Object object;
        // Only generated secrets are written; ones from the environment stay there.
        object.set("authSecret", env("SOCKSTREAM_AUTH_SECRET") ? std::string() : secrets.authSecret);
        object.set("streamKeySecret", env("SOCKSTREAM_STREAM_KEY_SECRET") ? std::string() : secrets.streamKeySecret);
        fs::path temporary = file;
        temporary += ".tmp";
        {
            // Created 0600 before the secrets are written: never readable by others, not even briefly.
            int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (fd >= 0) ::close(fd);
            std::ofstream out(temporary, std::ios::trunc);
            if (!out) throw ConfigError(file.string() + ": cannot write the secrets file");
            object.stringify(out, 2);
        }
        ::chmod(temporary.c_str(), 0600);
        fs::rename(temporary, file);
    }
    ::chmod(file.c_str(), 0600);
    return secrets;
}

/// "<file>: <key>", so an error from a resolved setting names where it came from.
std::string configKey(const ServerConfig& config, const std::string& key) {
    return config.sourceFile.empty() ? key : config.sourceFile + ": " + key;
}

}  // namespace

std::optional<std::string> processEnvironment(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
}

void applyEnvironment(ServerConfig& config, const EnvironmentLookup& env) {
    if (auto port = env("SOCKSTREAM_HTTP_PORT"); port && !port->empty())
        config.httpPort = parsePort("SOCKSTREAM_HTTP_PORT", *port);
    if (auto dir = env("SOCKSTREAM_DATA_DIR"); dir && !dir->empty()) config.dataDir = *dir;
    if (auto url = env("SOCKSTREAM_PUBLIC_URL"); url && !url->empty()) config.publicUrl = *url;
}

Settings resolveSettings(const ServerConfig& config, const EnvironmentLookup& env, Poco::Logger& logger) {
    Settings settings;
    settings.httpHost = config.host;
    settings.httpPort = config.httpPort;

    settings.publicUrl = config.publicUrl.empty() ? "http://localhost:" + std::to_string(config.httpPort) : config.publicUrl;
    while (!settings.publicUrl.empty() && settings.publicUrl.back() == '/') settings.publicUrl.pop_back();
    Poco::URI publicUri;
    try {
        publicUri = Poco::URI(settings.publicUrl);
    } catch (const Poco::Exception& error) {
        throw ConfigError(configKey(config, "server.publicUrl") + " \"" + settings.publicUrl +
                          "\" is not a URL: " + error.message());
    }
    if (publicUri.getScheme() != "http" && publicUri.getScheme() != "https")
        throw ConfigError(configKey(config, "server.publicUrl") + " \"" + settings.publicUrl +
                          "\" must start with http:// or https://");
    // Ingest plugins build the URLs they show hosts from it; the core builds none itself.
    settings.publicHost = publicUri.getHost();
    if (settings.publicHost.find(':') != std::string::npos) settings.publicHost = "[" + settings.publicHost + "]";
    settings.allowedOrigins = config.allowedOrigins;

    std::error_code error;
    std::filesystem::create_directories(config.dataDir, error);
    if (error)
        throw ConfigError(configKey(config, "server.dataDir") + " cannot create " + config.dataDir + ": " +
                          error.message());
    settings.dataDir = std::filesystem::absolute(config.dataDir).lexically_normal().string();

    Secrets secrets = loadOrCreateSecrets(settings.dataDir, env, logger);
    settings.authSecret = secrets.authSecret;
    settings.streamKeySecret = secrets.streamKeySecret;
    return settings;
}

}  // namespace sockstream::core
