#pragma once

#include <string>
#include <string_view>

namespace sockstream::authgoogle {

/// base64url without padding (RFC 7515 section 2), as JOSE uses it.
class Base64Url {
public:
    static std::string encode(std::string_view bytes);
    /// Strict: only the URL-safe alphabet, no padding, no whitespace.
    /// Throws OidcError(invalid_encoding) otherwise or when longer than maxDecoded.
    static std::string decode(std::string_view text, std::size_t maxDecoded);
};

}  // namespace sockstream::authgoogle
