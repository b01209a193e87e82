#include "BotConfig.h"

#include <set>
#include <stdexcept>

namespace chatbot {

namespace {

std::string text(const Poco::JSON::Object& json, const std::string& key, std::string fallback) {
    if (!json.has(key)) return fallback;
    const auto value = json.get(key);
    if (!value.isString()) throw std::invalid_argument("chat-bot: config \"" + key + "\" must be a string");
    return value.extract<std::string>();
}

}  // namespace

BotConfig BotConfig::fromJson(const Poco::JSON::Object& json) {
    static const std::set<std::string> known = {"name", "command", "namespace", "token", "askTimeoutMs"};
    for (const auto& [key, value] : json)
        if (!known.count(key))
            throw std::invalid_argument("chat-bot: unknown config key \"" + key +
                                        "\" (known: name, command, namespace, token, askTimeoutMs)");
    BotConfig config;
    config.name = text(json, "name", config.name);
    config.command = text(json, "command", config.command);
    config.nsp = text(json, "namespace", config.nsp);
    config.token = text(json, "token", config.token);
    if (json.has("askTimeoutMs")) {
        const auto value = json.get("askTimeoutMs");
        if (!value.isInteger() || value.convert<int>() < 1 || value.convert<int>() > 60'000)
            throw std::invalid_argument("chat-bot: config \"askTimeoutMs\" must be an integer from 1 to 60000");
        config.askTimeoutMs = value.convert<int>();
    }
    if (config.name.empty() || config.command.empty())
        throw std::invalid_argument("chat-bot: config \"name\" and \"command\" must not be empty");
    return config;
}

}  // namespace chatbot
