#pragma once

#include <string>

namespace sockstream::authgoogle {

/// Where to send the browser after sign-in: only a path on our own origin.
class RedirectPath {
public:
    static constexpr std::size_t kMaxLength = 2048;
    /// Returns `requested` when it is a same-origin absolute path, "/" otherwise
    /// (absolute URLs, scheme-relative "//host", backslashes, control characters).
    static std::string sanitize(const std::string& requested);
};

}  // namespace sockstream::authgoogle
