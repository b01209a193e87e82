#pragma once

#include <cstddef>
#include <cstdint>

#include <Poco/JSON/Object.h>

namespace sockstream::chat {

/// The plugin's "config" object (see plugins/chat/README.md). Bad values are fatal at start-up.
struct ChatConfig {
    std::int64_t pingIntervalMs = 25'000;
    std::int64_t pingTimeoutMs = 20'000;
    std::int64_t connectTimeoutMs = 45'000;   ///< no namespace joined by then closes the session
    std::size_t maxPayload = 1'000'000;
    std::size_t maxQueuedBytes = 1u << 20;    ///< per connection; a slower reader is disconnected
    std::size_t rateLimitMessages = 20;
    std::int64_t rateLimitWindowMs = 30'000;
    std::size_t maxMessageLength = 500;
    std::size_t historySize = 100;
    std::int64_t viewerUpdateIntervalMs = 1'000;

    static ChatConfig fromJson(const Poco::JSON::Object& json);
};

}  // namespace sockstream::chat
