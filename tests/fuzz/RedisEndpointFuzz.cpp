// Fuzzes the Redis URL parser (config and SOCKSTREAM_REDIS_URL): it must never
// crash, what it accepts must be in range, a %-escape it decoded must have
// been two hex digits, and describe() is host:port/db only (never the password).
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "cluster/RedisEndpoint.h"

namespace {

/// Every '%' in `text` is followed by two hex digits.
bool wellFormedEscapes(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') continue;
        if (i + 2 >= text.size()) return false;
        if (!std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
            return false;
        i += 2;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using sockstream::core::RedisEndpoint;
    const std::string url(reinterpret_cast<const char*>(data), size);
    std::string error;
    auto endpoint = RedisEndpoint::parse(url, error);
    if (!endpoint) {
        if (error.empty()) std::abort();
        return 0;
    }
    if (url.size() > 2048 || url.rfind("redis://", 0) != 0) std::abort();
    if (endpoint->host.empty()) std::abort();
    if (endpoint->port < 1 || endpoint->port > 65535) std::abort();
    if (endpoint->database < 0 || endpoint->database > 1000) std::abort();
    std::string_view authority(url);
    authority.remove_prefix(8);
    authority = authority.substr(0, authority.find('/'));
    if (auto at = authority.rfind('@'); at != std::string_view::npos && !wellFormedEscapes(authority.substr(0, at)))
        std::abort();
    const std::string described = endpoint->describe();
    const std::string host = endpoint->host.find(':') != std::string::npos ? "[" + endpoint->host + "]" : endpoint->host;
    if (described != host + ":" + std::to_string(endpoint->port) + "/" + std::to_string(endpoint->database)) std::abort();
    return 0;
}
