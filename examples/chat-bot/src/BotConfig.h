#pragma once

#include <string>

#include <Poco/JSON/Object.h>

namespace chatbot {

/// The plugin's "config" object (README.md). Unknown keys and wrong types
/// throw std::invalid_argument naming the key: the server does not start.
struct BotConfig {
    std::string name = "UptimeBot";  ///< the author of the bot's chat messages
    std::string command = "!uptime";
    std::string nsp = "/bot";        ///< the bot's own Socket.IO namespace
    std::string token;               ///< when set, CONNECT must carry auth {token}
    int askTimeoutMs = 2000;         ///< how long "ask" waits for the client's ack

    static BotConfig fromJson(const Poco::JSON::Object& json);
};

}  // namespace chatbot
