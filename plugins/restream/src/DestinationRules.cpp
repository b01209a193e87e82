#include "DestinationRules.h"

#include <algorithm>

namespace sockstream::restream {

namespace {

bool isControlOrSpace(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F;
}

std::string_view afterScheme(std::string_view url) {
    const auto colon = url.find("://");
    return colon == std::string_view::npos ? std::string_view{} : url.substr(colon + 3);
}

}  // namespace

std::optional<std::string> DestinationRules::checkName(std::string_view name) {
    if (name.empty()) return "Give the destination a name.";
    if (name.size() > kMaxNameLength) return "The name is longer than " + std::to_string(kMaxNameLength) + " characters.";
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
        return "The name contains control characters.";
    return std::nullopt;
}

std::optional<std::string> DestinationRules::checkUrl(std::string_view url) {
    if (url.empty()) return "Enter the server URL (rtmp://… or rtmps://…).";
    if (url.size() > kMaxUrlLength) return "The URL is longer than " + std::to_string(kMaxUrlLength) + " characters.";
    if (std::any_of(url.begin(), url.end(), isControlOrSpace)) return "The URL contains spaces or control characters.";
    const std::string lower = [&] {
        std::string s(url.substr(0, 8));
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return s;
    }();
    if (lower.rfind("rtmp://", 0) != 0 && lower.rfind("rtmps://", 0) != 0)
        return "Only rtmp:// and rtmps:// URLs can be restreamed to.";
    if (url.find_first_of("?#") != std::string_view::npos)
        return "The URL must not carry a query or fragment: put the stream key in the key field.";
    const auto rest = afterScheme(url);
    const auto host = rest.substr(0, rest.find('/'));
    if (host.empty() || host.front() == ':' || host.find('@') != std::string_view::npos)
        return "The URL needs a host name, without user name or password.";
    const auto colon = host.rfind(':');
    if (colon != std::string_view::npos && host.find(']') == std::string_view::npos) {
        const auto port = host.substr(colon + 1);
        if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
            std::stoi(std::string(port)) < 1 || std::stoi(std::string(port)) > 65535)
            return "The URL's port must be a number from 1 to 65535.";
    }
    const auto path = rest.size() > host.size() ? rest.substr(host.size() + 1) : std::string_view{};
    if (path.empty() || path == "/") return "The URL needs the application path, e.g. rtmp://a.rtmp.youtube.com/live2.";
    return std::nullopt;
}

std::optional<std::string> DestinationRules::checkKey(std::string_view key) {
    if (key.empty()) return "Enter the stream key.";
    if (key.size() > kMaxKeyLength) return "The stream key is longer than " + std::to_string(kMaxKeyLength) + " characters.";
    for (char c : key) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F) return "The stream key contains spaces or characters that are not plain ASCII.";
        if (c == '/' || c == '?' || c == '#') return "The stream key must not contain '/', '?' or '#'.";
    }
    return std::nullopt;
}

std::string DestinationRules::publishUrl(std::string_view url, std::string_view key) {
    // checkUrl takes the scheme in any case, FFmpeg finds its protocols only
    // by their lower-case names ("RTMPS" would be "Protocol not found").
    const std::string lowerScheme = scheme(url);
    std::string out = lowerScheme + std::string(url.substr(lowerScheme.size()));
    while (!out.empty() && out.back() == '/') out.pop_back();
    out += '/';
    out += key;
    return out;
}

std::string DestinationRules::scheme(std::string_view url) {
    const auto colon = url.find("://");
    std::string s(url.substr(0, colon == std::string_view::npos ? 0 : colon));
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string DestinationRules::hostOf(std::string_view url) {
    const auto rest = afterScheme(url);
    return std::string(rest.substr(0, rest.find('/')));
}

std::string DestinationRules::maskKey(std::string_view key) {
    static constexpr std::string_view kDots = "••••";
    // Four characters of a short key are a large part of it: show none.
    if (key.size() < 12) return std::string(kDots);
    return std::string(kDots) + std::string(key.substr(key.size() - 4));
}

std::string DestinationRules::redact(std::string text, std::string_view secret) {
    if (secret.empty()) return text;
    // Resume after the mark: a key such as "k" also occurs inside "<key>".
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + kRedactionMark.size()))
        text.replace(at, secret.size(), kRedactionMark);
    return text;
}

}  // namespace sockstream::restream
