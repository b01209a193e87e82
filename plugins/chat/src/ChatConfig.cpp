#include "ChatConfig.h"

#include <stdexcept>
#include <vector>

#include "sockstream-config/ConfigSection.h"

namespace sockstream::chat {

ChatConfig ChatConfig::fromJson(const Poco::JSON::Object& json) {
    const lib::config::ConfigSection config(json);
    config.allowOnly({"pingIntervalMs", "pingTimeoutMs", "connectTimeoutMs", "maxPayload", "maxQueuedBytes",
                      "rateLimitMessages", "rateLimitWindowSeconds", "eventLimitPerSocket", "eventLimitPerAddress",
                      "eventLimitWindowSeconds", "maxMessageLength", "historySize", "fanOutWritesPerSecond",
                      "maxFanOutDelayMs", "wordFilter"});
    ChatConfig c;
    // Heartbeats run on a 1 ms timer wheel, so short settings are exact; below
    // kMinHeartbeatMs a busy server or network path would drop healthy clients.
    config.readInt("pingIntervalMs", c.pingIntervalMs, kMinHeartbeatMs, 300'000);
    config.readInt("pingTimeoutMs", c.pingTimeoutMs, kMinHeartbeatMs, 300'000);
    config.readInt("connectTimeoutMs", c.connectTimeoutMs, 1'000, 600'000);
    config.readInt("maxPayload", c.maxPayload, 1'024, 100'000'000);
    config.readInt("maxQueuedBytes", c.maxQueuedBytes, 16'384, 1'000'000'000);
    config.readInt("rateLimitMessages", c.rateLimitMessages, 1, 1'000'000);
    c.rateLimitWindowMs = config.integer("rateLimitWindowSeconds", c.rateLimitWindowMs / 1000, 1, 86'400) * 1000;
    config.readInt("eventLimitPerSocket", c.eventLimitPerSocket, 1, 1'000'000);
    config.readInt("eventLimitPerAddress", c.eventLimitPerAddress, 1, 10'000'000);
    c.eventLimitWindowMs = config.integer("eventLimitWindowSeconds", c.eventLimitWindowMs / 1000, 1, 3'600) * 1000;
    config.readInt("maxMessageLength", c.maxMessageLength, 1, 10'000);
    config.readInt("historySize", c.historySize, 0, 1'000);
    config.readInt("fanOutWritesPerSecond", c.fanOutWritesPerSecond, 0, 100'000'000);
    config.readInt("maxFanOutDelayMs", c.maxFanOutDelayMs, 1, 5'000);
    const lib::config::ConfigSection filter = config.section("wordFilter");
    const auto channelIds = filter.object() ? filter.object()->getNames() : std::vector<std::string>{};
    for (const auto& channelId : channelIds) {
        const lib::config::ConfigSection channel = filter.section(channelId);
        channel.allowOnly({"words", "patterns"});
        c.wordFilter[channelId] = WordList{channel.strings("words", {}, true), channel.strings("patterns", {}, true)};
    }
    try {
        WordFilter check(c.wordFilter);
    } catch (const std::invalid_argument& e) {
        filter.failHere(e.what());
    }
    return c;
}

}  // namespace sockstream::chat
