#pragma once

// AbiHash.h is generated at configure time: a SHA-256 over every public header,
// so a plugin compiled against different headers carries a different signature.
#include "sockstream/plugin/AbiHash.h"

#define SOCKSTREAM_ABI_VERSION 1

#define SOCKSTREAM_ABI_STRINGIFY2(x) #x
#define SOCKSTREAM_ABI_STRINGIFY(x) SOCKSTREAM_ABI_STRINGIFY2(x)

/// Plugins and host must agree on headers, compiler and C++ runtime, because
/// they exchange C++ objects (std::string, std::function, virtual classes).
#define SOCKSTREAM_ABI_SIGNATURE                                          \
    "sockstream-abi/" SOCKSTREAM_ABI_STRINGIFY(SOCKSTREAM_ABI_VERSION)   \
    ";headers=" SOCKSTREAM_ABI_HASH                                       \
    ";cxx=gcc-" SOCKSTREAM_ABI_STRINGIFY(__GNUC__)                        \
    ";cxxabi=" SOCKSTREAM_ABI_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)

namespace sockstream {
inline constexpr const char* kAbiSignature = SOCKSTREAM_ABI_SIGNATURE;
}
