#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sockstream::core {

/// The request target split into a decoded path and query, or the reason it
/// was refused. Refused: anything not starting with '/', NUL (raw or encoded),
/// control bytes, backslashes, '.' or '..' segments, an encoded '/' or '.',
/// malformed percent escapes, '#', and more than kMaxQueryParameters pairs.
class RequestTarget {
public:
    static constexpr std::size_t kMaxTargetBytes = 8192;
    static constexpr std::size_t kMaxQueryParameters = 256;

    std::string path;                            ///< percent-decoded
    std::map<std::string, std::string> query;    ///< decoded, '+' as space; last value wins

    /// Parses `raw`; on refusal returns nothing and sets `reason` when given.
    static std::optional<RequestTarget> parse(std::string_view raw, std::string* reason = nullptr);
};

}  // namespace sockstream::core
