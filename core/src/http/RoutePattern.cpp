#include "http/RoutePattern.h"

#include <stdexcept>

namespace sockstream::core {

namespace {
std::vector<std::string_view> splitPath(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        if (slash > start) parts.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return parts;
}
}  // namespace

RoutePattern::RoutePattern(const std::string& pattern) : _text(pattern) {
    if (pattern.empty() || pattern.front() != '/')
        throw std::invalid_argument("route pattern must start with '/': " + pattern);
    auto parts = splitPath(pattern);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string_view part = parts[i];
        Segment segment;
        if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
            std::string_view name = part.substr(1, part.size() - 2);
            if (name.size() >= 3 && name.substr(name.size() - 3) == "...") {
                if (i + 1 != parts.size())
                    throw std::invalid_argument("'{name...}' must be the last segment: " + pattern);
                name.remove_suffix(3);
                segment.rest = true;
            }
            if (name.empty()) throw std::invalid_argument("empty parameter name in route: " + pattern);
            segment.parameter = true;
            segment.text = std::string(name);
        } else {
            if (part.find_first_of("{}") != std::string_view::npos)
                throw std::invalid_argument("braces must enclose a whole segment: " + pattern);
            segment.text = std::string(part);
        }
        _segments.push_back(std::move(segment));
    }
}

std::optional<std::map<std::string, std::string>> RoutePattern::match(std::string_view path) const {
    auto parts = splitPath(path);
    std::map<std::string, std::string> params;
    std::size_t i = 0;
    for (const auto& segment : _segments) {
        if (segment.rest) {
            if (i >= parts.size()) return std::nullopt;
            // The rest keeps its inner slashes: take everything from this segment on.
            std::size_t offset = static_cast<std::size_t>(parts[i].data() - path.data());
            params[segment.text] = std::string(path.substr(offset));
            return params;
        }
        if (i >= parts.size()) return std::nullopt;
        if (segment.parameter) params[segment.text] = std::string(parts[i]);
        else if (segment.text != parts[i]) return std::nullopt;
        ++i;
    }
    if (i != parts.size()) return std::nullopt;
    return params;
}

}  // namespace sockstream::core
