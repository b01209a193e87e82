#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "sockstream/Export.h"

namespace sockstream {

/// Bytes from the operating system's CSPRNG (getrandom). Throws if unavailable.
SOCKSTREAM_API std::string secureRandomBytes(std::size_t count);
/// URL-safe base64 without padding of `bytes` random bytes.
SOCKSTREAM_API std::string secureRandomToken(std::size_t bytes = 32);
/// Lowercase hex SHA-256, for storing tokens and keys only as hashes.
SOCKSTREAM_API std::string sha256Hex(std::string_view data);
SOCKSTREAM_API std::string base64UrlEncode(std::string_view data);
/// Comparison whose time does not depend on where the inputs differ.
SOCKSTREAM_API bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace sockstream
