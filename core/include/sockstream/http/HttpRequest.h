#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sockstream/Export.h"

namespace sockstream {

/// A parsed, size-checked HTTP request. The core has already rejected bad
/// paths, oversized headers and bodies before a handler sees it.
class SOCKSTREAM_API HttpRequest {
public:
    std::string method;          ///< "GET", "POST", ...
    std::string target;          ///< raw request target, e.g. "/media/abc/live.mp4?from=3"
    std::string path;            ///< percent-decoded path without the query
    std::string body;
    std::string remoteAddress;   ///< peer IP (X-Forwarded-For is not trusted)
    std::vector<std::pair<std::string, std::string>> headers;  ///< in arrival order
    std::map<std::string, std::string> query;                  ///< decoded; last value wins
    std::map<std::string, std::string> params;                 ///< from the route pattern, e.g. {roomId}

    /// Case-insensitive header lookup (first occurrence).
    std::optional<std::string> header(std::string_view name) const;
    std::optional<std::string> cookie(std::string_view name) const;
    std::optional<std::string> queryParam(const std::string& name) const;
    /// A route parameter; empty when the pattern has no such name.
    const std::string& param(const std::string& name) const;
};

}  // namespace sockstream
