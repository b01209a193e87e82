#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockstream::core {

/// A path pattern: literal segments, "{name}" for one segment and a final
/// "{name...}" for the rest of the path. "/socket.io/" and "/socket.io" are the same.
class RoutePattern {
public:
    /// Throws std::invalid_argument for a malformed pattern.
    explicit RoutePattern(const std::string& pattern);

    /// The parameters when `path` matches, nullopt otherwise.
    std::optional<std::map<std::string, std::string>> match(std::string_view path) const;
    /// Whether `path` matches; walks the path in place, allocating nothing
    /// (the router tries every route on every request).
    bool matches(std::string_view path) const;
    /// Writes the parameters of a path that matches() into `params`.
    void extract(std::string_view path, std::map<std::string, std::string>& params) const;
    const std::string& text() const { return _text; }

private:
    struct Segment {
        std::string text;
        bool parameter = false;
        bool rest = false;
    };
    template <typename OnParameter>
    bool walk(std::string_view path, OnParameter&& onParameter) const;

    std::string _text;
    std::vector<Segment> _segments;
    bool _hasParameters = false;
};

}  // namespace sockstream::core
