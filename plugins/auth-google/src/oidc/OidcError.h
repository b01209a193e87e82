#pragma once

#include <stdexcept>
#include <string>

namespace sockstream::authgoogle {

/// Why a sign-in failed, in words a user can act on. `code` is stable and
/// machine-readable (JSON errors, tests); `status` is the HTTP answer.
class OidcError : public std::runtime_error {
public:
    OidcError(int status, std::string code, const std::string& message)
        : std::runtime_error(message), _status(status), _code(std::move(code)) {}

    int status() const { return _status; }
    const std::string& code() const { return _code; }

private:
    int _status;
    std::string _code;
};

}  // namespace sockstream::authgoogle
