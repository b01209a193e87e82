#include "RtmpConfig.h"

#include <charconv>
#include <stdexcept>

#include "sockstream-config/ConfigSection.h"

namespace sockstream::rtmp {

namespace {

/// The file's object with the environment's values in place of the keys they
/// override; the port is checked here, so its error names the variable.
Poco::JSON::Object::Ptr withOverrides(const Poco::JSON::Object& json, const RtmpConfig::Overrides& overrides) {
    Poco::JSON::Object::Ptr merged = new Poco::JSON::Object(json);
    if (!overrides) return merged;
    for (const char* key : RtmpConfig::kOverridableKeys) {
        const auto found = overrides(key);
        if (!found) continue;
        if (std::string(key) != "port") {
            merged->set(key, found->value);
            continue;
        }
        int port = -1;
        const auto* end = found->value.data() + found->value.size();
        const auto [stop, error] = std::from_chars(found->value.data(), end, port);
        if (error != std::errc() || stop != end || port < 0 || port > 65535)
            throw std::invalid_argument(found->variable + ": \"" + found->value + "\" is not a port number (0-65535)");
        merged->set(key, port);
    }
    return merged;
}

}  // namespace

RtmpConfig RtmpConfig::parse(const Poco::JSON::Object& file, const Settings& settings, const Overrides& overrides) {
    RtmpConfig config;
    const Poco::JSON::Object::Ptr json = withOverrides(file, overrides);
    const lib::config::ConfigSection fields(json);
    fields.allowOnly({"host", "port", "application", "readTimeoutSeconds", "maxConnections", "maxConnectionsPerAddress",
                      "maxQueuedBytes", "tls", "limits", "publicUrl"});
    // Bind where the HTTP server binds unless told otherwise: a server kept on
    // loopback should not open its ingest port to the network by surprise.
    config.host = fields.string("host", settings.httpHost.empty() ? config.host : settings.httpHost);
    config.port = static_cast<int>(fields.integer("port", config.port, 0, 65535));
    config.application = fields.string("application", config.application);
    if (config.application.empty() || config.application.find('/') != std::string::npos)
        fields.fail("application", "must be one non-empty path segment");
    config.publicUrl = fields.string("publicUrl", "");
    while (!config.publicUrl.empty() && config.publicUrl.back() == '/') config.publicUrl.pop_back();
    if (!config.publicUrl.empty() && config.publicUrl.rfind("rtmp://", 0) != 0 && config.publicUrl.rfind("rtmps://", 0) != 0)
        fields.fail("publicUrl", "must start with rtmp:// or rtmps://");
    config.readTimeout = std::chrono::seconds(fields.integer("readTimeoutSeconds", 10, 1, 3600));
    config.maxConnections = static_cast<std::size_t>(fields.integer("maxConnections", 1000, 1, 1'000'000));
    config.maxConnectionsPerAddress =
        static_cast<std::size_t>(fields.integer("maxConnectionsPerAddress", 16, 0, 1'000'000));
    config.maxQueuedBytes = static_cast<std::size_t>(fields.integer("maxQueuedBytes", 1 << 20, 4096, 1ll << 30));

    if (fields.has("tls")) {
        const auto tlsFields = fields.section("tls");
        tlsFields.allowOnly({"port", "certificateFile", "privateKeyFile"});
        TlsConfig files;
        files.certificateFile = tlsFields.string("certificateFile", "");
        files.privateKeyFile = tlsFields.string("privateKeyFile", "");
        if (!files.certificateFile.empty() || !files.privateKeyFile.empty()) {
            if (files.certificateFile.empty() || files.privateKeyFile.empty())
                tlsFields.fail("certificateFile", "and privateKeyFile must both be set");
            config.tls = files;
        }
        config.tlsPort = static_cast<int>(tlsFields.integer("port", 1936, 0, 65535));
    }

    RtmpLimits& limits = config.limits;
    if (fields.has("limits")) {
        const auto l = fields.section("limits");
        l.allowOnly({"handshakeTimeoutSeconds", "handshakeTimeoutUnderPressureSeconds", "minChunkSize", "maxChunkSize",
                     "maxMessageBytes", "maxChunkStreams", "maxAmfDepth", "maxAmfValues", "maxStreamNameLength",
                     "maxStreams", "outChunkSize", "windowAckSize", "openWaitMilliseconds", "maxPendingMediaBytes",
                     "maxSuspendedInputBytes"});
        limits.handshakeTimeout = std::chrono::seconds(l.integer("handshakeTimeoutSeconds", 10, 1, 3600));
        config.handshakeTimeoutUnderPressure =
            std::chrono::seconds(l.integer("handshakeTimeoutUnderPressureSeconds", 3, 1, 3600));
        limits.minChunkSize = static_cast<std::uint32_t>(l.integer("minChunkSize", limits.minChunkSize, 1, 0x7FFFFFFF));
        limits.maxChunkSize = static_cast<std::uint32_t>(l.integer("maxChunkSize", limits.maxChunkSize, 128, 0x7FFFFFFF));
        if (limits.minChunkSize > limits.maxChunkSize) l.fail("minChunkSize", "must not exceed maxChunkSize");
        limits.maxMessageSize = static_cast<std::uint32_t>(l.integer("maxMessageBytes", limits.maxMessageSize, 1024, 0xFFFFFF));
        limits.maxChunkStreams = static_cast<std::size_t>(l.integer("maxChunkStreams", 32, 2, 65599));
        limits.maxAmfDepth = static_cast<std::size_t>(l.integer("maxAmfDepth", 16, 1, 256));
        limits.maxAmfValues = static_cast<std::size_t>(l.integer("maxAmfValues", 4096, 16, 1 << 20));
        limits.maxStreamNameLength = static_cast<std::size_t>(l.integer("maxStreamNameLength", 256, 1, 65535));
        limits.maxStreams = static_cast<std::size_t>(l.integer("maxStreams", 8, 1, 1024));
        limits.outChunkSize = static_cast<std::uint32_t>(l.integer("outChunkSize", 4096, 128, 65536));
        limits.windowAckSize = static_cast<std::uint32_t>(l.integer("windowAckSize", limits.windowAckSize, 4096, 0x7FFFFFFF));
        limits.openWaitMs = l.integer("openWaitMilliseconds", limits.openWaitMs, 0, 60'000);
        limits.maxPendingMediaBytes = static_cast<std::size_t>(l.integer("maxPendingMediaBytes", 4 << 20, 0, 1ll << 30));
        limits.maxSuspendedInputBytes = static_cast<std::size_t>(l.integer("maxSuspendedInputBytes", 1 << 20, 4096, 1ll << 30));
    }
    return config;
}

}  // namespace sockstream::rtmp
