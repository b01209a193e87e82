#include "SrtConfig.h"

#include "sockstream-config/ConfigSection.h"

namespace sockstream::srt {

SrtConfig SrtConfig::parse(const Poco::JSON::Object& json, const Settings& settings) {
    SrtConfig config;
    const lib::config::ConfigSection fields(json);
    fields.allowOnly({"host", "port", "publicUrl", "latencyMilliseconds", "passphrase", "keyLengthBits",
                      "maxConnections", "maxConnectionsPerAddress", "silenceTimeoutSeconds",
                      "analyzeMilliseconds", "maxPendingPackets"});
    // Bind where the HTTP server binds unless told otherwise: a server kept on
    // loopback should not open a UDP port to the network by surprise.
    config.host = fields.string("host", settings.httpHost.empty() ? config.host : settings.httpHost);
    config.port = static_cast<int>(fields.integer("port", config.port, 0, 65535));
    config.publicUrl = fields.string("publicUrl", "");
    while (!config.publicUrl.empty() && config.publicUrl.back() == '/') config.publicUrl.pop_back();
    if (!config.publicUrl.empty() && config.publicUrl.rfind("srt://", 0) != 0)
        fields.fail("publicUrl", "must start with srt://");
    if (config.publicUrl.find('?') != std::string::npos)
        fields.fail("publicUrl", "must not carry a query (the stream ID is added for each room)");
    config.latencyMs = static_cast<int>(fields.integer("latencyMilliseconds", config.latencyMs, 20, 10'000));
    config.passphrase = fields.string("passphrase", "");
    // libsrt's own bounds (SRTO_PASSPHRASE): refused here rather than at the first connection.
    if (!config.passphrase.empty() && (config.passphrase.size() < 10 || config.passphrase.size() > 79))
        fields.fail("passphrase", "must be 10 to 79 characters long (or empty for no encryption)");
    const auto bits = fields.integer("keyLengthBits", 128, 128, 256);
    if (bits != 128 && bits != 192 && bits != 256) fields.fail("keyLengthBits", "must be 128, 192 or 256");
    config.keyLengthBytes = static_cast<int>(bits / 8);
    config.maxConnections = static_cast<std::size_t>(fields.integer("maxConnections", 100, 1, 100'000));
    config.maxConnectionsPerAddress =
        static_cast<std::size_t>(fields.integer("maxConnectionsPerAddress", 4, 1, 100'000));
    config.silenceTimeout = std::chrono::seconds(fields.integer("silenceTimeoutSeconds", 5, 1, 3600));
    config.analyzeDuration = std::chrono::milliseconds(fields.integer("analyzeMilliseconds", 1000, 100, 10'000));
    config.maxPendingPackets = static_cast<std::size_t>(fields.integer("maxPendingPackets", 1000, 10, 100'000));
    return config;
}

}  // namespace sockstream::srt
