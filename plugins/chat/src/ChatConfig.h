#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include <Poco/JSON/Object.h>

#include "moderation/WordFilter.h"

namespace sockstream::chat {

/// The plugin's "config" object (see plugins/chat/README.md). Unknown keys, wrong types and
/// out-of-range values throw lib::config::ConfigError naming the key: start-up stops.
struct ChatConfig {
    /// The shortest pingIntervalMs / pingTimeoutMs accepted (clients' tests commonly use 300 / 200).
    static constexpr std::int64_t kMinHeartbeatMs = 100;
    std::int64_t pingIntervalMs = 25'000;
    std::int64_t pingTimeoutMs = 20'000;
    std::int64_t connectTimeoutMs = 45'000;   ///< no namespace joined by then closes the session
    std::size_t maxPayload = 1'000'000;
    std::size_t maxQueuedBytes = 1u << 20;    ///< per connection; a slower reader is disconnected
    std::size_t rateLimitMessages = 20;
    std::int64_t rateLimitWindowMs = 30'000;
    /// Events but chat:send (room:join, room:leave, chat:delete, chat:mute,
    /// plugins' events) per window, per
    /// connection and per address (IPv6 by /64); see EventLimits.
    std::size_t eventLimitPerSocket = 30;
    std::size_t eventLimitPerAddress = 300;
    std::int64_t eventLimitWindowMs = 10'000;
    std::size_t maxMessageLength = 500;
    std::size_t historySize = 100;
    std::int64_t viewerUpdateIntervalMs = 1'000;
    /// A room's broadcasts are paced to about this many socket writes a second
    /// (see RoomOutbox); 0 sends every message at once.
    std::int64_t fanOutWritesPerSecond = 25'000;
    std::int64_t maxFanOutDelayMs = 200;  ///< the longest a message waits for its room's next flush

    /// "wordFilter": channel id -> { words, patterns } (moderation/WordFilter.h);
    /// checked (regular expressions compiled) at start-up.
    std::map<std::string, WordList> wordFilter;

    static ChatConfig fromJson(const Poco::JSON::Object& json);
};

}  // namespace sockstream::chat
