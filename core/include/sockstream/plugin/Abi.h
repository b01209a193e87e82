#pragma once

#include <cstddef>  // defines the libstdc++ macros below (_GLIBCXX_RELEASE, _GLIBCXX_USE_CXX11_ABI)

#include <Poco/Version.h>

// AbiHash.h is generated at configure time: a SHA-256 over every public header,
// so a plugin compiled against different headers carries a different signature.
#include "sockstream/plugin/AbiHash.h"

// 2: the signature also names the compiler family, the C++ runtime's release and Poco's version.
// 3: Settings lost rtmpPort; PluginContext gained configOverride() and whenListening().
// 4: ChatService gained plugin namespaces (hooks, middleware, multi-argument and binary emits, acks).
#define SOCKSTREAM_ABI_VERSION 4

#define SOCKSTREAM_ABI_STRINGIFY2(x) #x
#define SOCKSTREAM_ABI_STRINGIFY(x) SOCKSTREAM_ABI_STRINGIFY2(x)

// Poco types cross the plugin boundary (Poco::JSON::Object, Poco::Dynamic::Var,
// Poco::Data::Session, Poco::Logger in the SDK's signatures), so a plugin built
// against other Poco headers may disagree with the host about their layout.
// POCO_VERSION is 0xAABBCCDD: major, minor, patch, pre-release. Overridable only
// so a test plugin can pretend to be built against another Poco.
#ifndef SOCKSTREAM_ABI_POCO_VERSION
#define SOCKSTREAM_ABI_POCO_VERSION POCO_VERSION
#endif

#if defined(__clang__)
#define SOCKSTREAM_ABI_COMPILER "clang-" SOCKSTREAM_ABI_STRINGIFY(__clang_major__)
#else
#define SOCKSTREAM_ABI_COMPILER "gcc-" SOCKSTREAM_ABI_STRINGIFY(__GNUC__)
#endif

/// Plugins and host must agree on headers, compiler, C++ runtime and Poco,
/// because they exchange C++ objects (std::string, std::function, virtual
/// classes, Poco types). Boost is not named: no Boost type is in the SDK (the
/// host alone uses Asio, Beast and Boost.DLL), so plugins may use another Boost.
#define SOCKSTREAM_ABI_SIGNATURE                                          \
    "sockstream-abi/" SOCKSTREAM_ABI_STRINGIFY(SOCKSTREAM_ABI_VERSION)   \
    ";headers=" SOCKSTREAM_ABI_HASH                                       \
    ";cxx=" SOCKSTREAM_ABI_COMPILER                                       \
    ";cxxabi=" SOCKSTREAM_ABI_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)          \
    ";libstdcxx=" SOCKSTREAM_ABI_STRINGIFY(_GLIBCXX_RELEASE)             \
    ";poco=" SOCKSTREAM_ABI_STRINGIFY(SOCKSTREAM_ABI_POCO_VERSION)

namespace sockstream {
inline constexpr const char* kAbiSignature = SOCKSTREAM_ABI_SIGNATURE;
}
