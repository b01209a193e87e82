#include "cluster/RedisEndpoint.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sockstream::core {

namespace {

bool parseNumber(std::string_view text, int low, int high, int& out) {
    if (text.empty()) return false;
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) return false;
    out = value;
    return true;
}

std::string percentDecoded(std::string_view text, bool& ok) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        int value = 0;
        // from_chars would take a sign ("%-1"): two hex digits, nothing else.
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            ok = false;
            return {};
        }
        std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
        out += static_cast<char>(value);
        i += 2;
    }
    return out;
}

}  // namespace

std::optional<RedisEndpoint> RedisEndpoint::parse(const std::string& url, std::string& error) {
    constexpr std::string_view kScheme = "redis://";
    if (url.size() > 2048) {
        error = "the Redis URL is longer than 2048 characters";
        return std::nullopt;
    }
    if (url.rfind(kScheme, 0) != 0) {
        error = "the Redis URL must start with redis:// (TLS to Redis is not supported; use a private network)";
        return std::nullopt;
    }
    std::string_view rest(url);
    rest.remove_prefix(kScheme.size());
    RedisEndpoint endpoint;
    std::string_view path;
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        path = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
    }
    if (auto at = rest.rfind('@'); at != std::string_view::npos) {
        std::string_view userInfo = rest.substr(0, at);
        rest = rest.substr(at + 1);
        bool ok = true;
        if (auto colon = userInfo.find(':'); colon != std::string_view::npos) {
            endpoint.user = percentDecoded(userInfo.substr(0, colon), ok);
            endpoint.password = percentDecoded(userInfo.substr(colon + 1), ok);
        } else {
            endpoint.password = percentDecoded(userInfo, ok);
        }
        if (!ok) {
            error = "the Redis URL has a malformed %-escape in its user or password";
            return std::nullopt;
        }
    }
    std::string_view port;
    bool hasPortSeparator = false;
    if (!rest.empty() && rest.front() == '[') {
        auto close = rest.find(']');
        if (close == std::string_view::npos) {
            error = "the Redis URL has an unclosed [ in its host";
            return std::nullopt;
        }
        endpoint.host = std::string(rest.substr(1, close - 1));
        std::string_view after = rest.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                error = "the Redis URL has text after its host";
                return std::nullopt;
            }
            port = after.substr(1);
            hasPortSeparator = true;
        }
    } else if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
        endpoint.host = std::string(rest.substr(0, colon));
        port = rest.substr(colon + 1);
        hasPortSeparator = true;
    } else {
        endpoint.host = std::string(rest);
    }
    if (endpoint.host.empty()) {
        error = "the Redis URL names no host";
        return std::nullopt;
    }
    // Host names and addresses only: the host goes into log lines.
    if (!std::all_of(endpoint.host.begin(), endpoint.host.end(), [](unsigned char c) {
            return std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
        })) {
        error = "the Redis URL's host has characters no host name or address has";
        return std::nullopt;
    }
    if (hasPortSeparator && port.empty()) {
        error = "the Redis URL has a ':' but no port after it";
        return std::nullopt;
    }
    if (!port.empty() && !parseNumber(port, 1, 65535, endpoint.port)) {
        error = "the Redis URL's port must be a number from 1 to 65535";
        return std::nullopt;
    }
    if (!path.empty() && !parseNumber(path, 0, 1000, endpoint.database)) {
        error = "the Redis URL's path must be a database number (e.g. /0)";
        return std::nullopt;
    }
    return endpoint;
}

std::string RedisEndpoint::describe() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(database);
}

}  // namespace sockstream::core
