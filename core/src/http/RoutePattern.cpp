#include "http/RoutePattern.h"

#include <stdexcept>

namespace sockstream::core {

namespace {
/// The non-empty segments of a path, one after another, as views into it:
/// repeated and trailing slashes separate nothing.
class PathSegments {
public:
    explicit PathSegments(std::string_view path) : _path(path) { seek(0); }
    bool atEnd() const { return _start >= _path.size(); }
    std::string_view current() const { return _path.substr(_start, _end - _start); }
    /// Everything from the current segment on, inner slashes included.
    std::string_view rest() const { return _path.substr(_start); }
    void advance() { seek(_end); }

private:
    void seek(std::size_t from) {
        _start = from;
        while (_start < _path.size() && _path[_start] == '/') ++_start;
        _end = _path.find('/', _start);
        if (_end == std::string_view::npos) _end = _path.size();
    }

    std::string_view _path;
    std::size_t _start = 0;
    std::size_t _end = 0;
};

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
            _hasParameters = true;
        } else {
            if (part.find_first_of("{}") != std::string_view::npos)
                throw std::invalid_argument("braces must enclose a whole segment: " + pattern);
            segment.text = std::string(part);
        }
        _segments.push_back(std::move(segment));
    }
}

template <typename OnParameter>
bool RoutePattern::walk(std::string_view path, OnParameter&& onParameter) const {
    PathSegments parts(path);
    for (const auto& segment : _segments) {
        if (parts.atEnd()) return false;
        if (segment.rest) {
            onParameter(segment.text, parts.rest());
            return true;
        }
        if (segment.parameter) onParameter(segment.text, parts.current());
        else if (segment.text != parts.current()) return false;
        parts.advance();
    }
    return parts.atEnd();
}

bool RoutePattern::matches(std::string_view path) const {
    return walk(path, [](const std::string&, std::string_view) {});
}

void RoutePattern::extract(std::string_view path, std::map<std::string, std::string>& params) const {
    params.clear();
    if (!_hasParameters) return;
    walk(path, [&](const std::string& name, std::string_view value) { params[name] = std::string(value); });
}

std::optional<std::map<std::string, std::string>> RoutePattern::match(std::string_view path) const {
    if (!matches(path)) return std::nullopt;
    std::map<std::string, std::string> params;
    extract(path, params);
    return params;
}

}  // namespace sockstream::core
