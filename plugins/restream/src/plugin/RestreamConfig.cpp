#include "RestreamConfig.h"

#include <unistd.h>

#include "sockstream-config/ConfigSection.h"

namespace sockstream::restream {

RestreamConfig RestreamConfig::parse(const Poco::JSON::Object& json) {
    RestreamConfig config;
    const lib::config::ConfigSection fields(json);
    fields.allowOnly({"maxDestinationsPerRoom", "maxQueuedPackets", "reconnectMinMilliseconds",
                      "reconnectMaxMilliseconds", "connectTimeoutMilliseconds", "writeTimeoutMilliseconds", "tlsCaFile"});
    fields.readInt("maxDestinationsPerRoom", config.maxDestinationsPerRoom, 1, 50);
    fields.readInt("maxQueuedPackets", config.worker.maxQueuedPackets, 16, 100'000);
    auto ms = [&](const char* key, std::chrono::milliseconds& field, std::int64_t min, std::int64_t max) {
        field = std::chrono::milliseconds(fields.integer(key, field.count(), min, max));
    };
    ms("reconnectMinMilliseconds", config.worker.backoffMin, 100, 600'000);
    ms("reconnectMaxMilliseconds", config.worker.backoffMax, 100, 3'600'000);
    ms("connectTimeoutMilliseconds", config.worker.connectTimeout, 500, 120'000);
    ms("writeTimeoutMilliseconds", config.worker.writeTimeout, 500, 120'000);
    config.worker.tlsCaFile = fields.string("tlsCaFile", "");
    // Found out at start-up, not at the first rtmps attempt mid-broadcast.
    if (!config.worker.tlsCaFile.empty() && ::access(config.worker.tlsCaFile.c_str(), R_OK) != 0)
        fields.fail("tlsCaFile", "cannot read '" + config.worker.tlsCaFile + "' (a PEM file of trusted certificate authorities)");
    if (config.worker.backoffMax < config.worker.backoffMin)
        fields.fail("reconnectMaxMilliseconds", "must not be below reconnectMinMilliseconds");
    return config;
}

}  // namespace sockstream::restream
