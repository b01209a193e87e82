#pragma once

/// The SockStream release this SDK belongs to. Plugins are checked against the
/// ABI signature in plugin/Abi.h, not against this string.
#define SOCKSTREAM_VERSION_STRING "0.1.0"

namespace sockstream {
inline constexpr const char* kVersion = SOCKSTREAM_VERSION_STRING;
}
