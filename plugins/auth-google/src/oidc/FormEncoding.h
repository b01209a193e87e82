#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sockstream::authgoogle {

/// application/x-www-form-urlencoded bodies and query strings. Everything but
/// RFC 3986 unreserved characters is percent-encoded, so no value can break out.
class FormEncoding {
public:
    using Fields = std::vector<std::pair<std::string, std::string>>;
    static std::string encodeComponent(const std::string& value);
    static std::string encode(const Fields& fields);
};

}  // namespace sockstream::authgoogle
