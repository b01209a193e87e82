#include "ChatConfig.h"

#include <stdexcept>
#include <string>

namespace sockstream::chat {

namespace {
std::int64_t readInteger(const Poco::JSON::Object& json, const std::string& key, std::int64_t fallback,
                         std::int64_t minimum, std::int64_t maximum) {
    if (!json.has(key)) return fallback;
    std::int64_t value = 0;
    try {
        value = json.getValue<std::int64_t>(key);
    } catch (const Poco::Exception&) {
        throw std::invalid_argument("chat config: \"" + key + "\" must be an integer");
    }
    if (value < minimum || value > maximum)
        throw std::invalid_argument("chat config: \"" + key + "\" must be between " + std::to_string(minimum) +
                                    " and " + std::to_string(maximum));
    return value;
}
}  // namespace

ChatConfig ChatConfig::fromJson(const Poco::JSON::Object& json) {
    ChatConfig c;
    c.pingIntervalMs = readInteger(json, "pingIntervalMs", c.pingIntervalMs, 1'000, 300'000);
    c.pingTimeoutMs = readInteger(json, "pingTimeoutMs", c.pingTimeoutMs, 1'000, 300'000);
    c.connectTimeoutMs = readInteger(json, "connectTimeoutMs", c.connectTimeoutMs, 1'000, 600'000);
    c.maxPayload = static_cast<std::size_t>(readInteger(json, "maxPayload", static_cast<std::int64_t>(c.maxPayload), 1'024, 100'000'000));
    c.maxQueuedBytes = static_cast<std::size_t>(readInteger(json, "maxQueuedBytes", static_cast<std::int64_t>(c.maxQueuedBytes), 16'384, 1'000'000'000));
    c.rateLimitMessages = static_cast<std::size_t>(readInteger(json, "rateLimitMessages", static_cast<std::int64_t>(c.rateLimitMessages), 1, 1'000'000));
    c.rateLimitWindowMs = readInteger(json, "rateLimitWindowSeconds", c.rateLimitWindowMs / 1000, 1, 86'400) * 1000;
    c.eventLimitPerSocket = static_cast<std::size_t>(readInteger(json, "eventLimitPerSocket", static_cast<std::int64_t>(c.eventLimitPerSocket), 1, 1'000'000));
    c.eventLimitPerAddress = static_cast<std::size_t>(readInteger(json, "eventLimitPerAddress", static_cast<std::int64_t>(c.eventLimitPerAddress), 1, 10'000'000));
    c.eventLimitWindowMs = readInteger(json, "eventLimitWindowSeconds", c.eventLimitWindowMs / 1000, 1, 3'600) * 1000;
    c.maxMessageLength = static_cast<std::size_t>(readInteger(json, "maxMessageLength", static_cast<std::int64_t>(c.maxMessageLength), 1, 10'000));
    c.historySize = static_cast<std::size_t>(readInteger(json, "historySize", static_cast<std::int64_t>(c.historySize), 0, 1'000));
    c.fanOutWritesPerSecond = readInteger(json, "fanOutWritesPerSecond", c.fanOutWritesPerSecond, 0, 100'000'000);
    c.maxFanOutDelayMs = readInteger(json, "maxFanOutDelayMs", c.maxFanOutDelayMs, 1, 5'000);
    return c;
}

}  // namespace sockstream::chat
