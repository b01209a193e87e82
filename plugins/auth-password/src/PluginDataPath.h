#pragma once

#include <string>

namespace sockstream::authpassword {

/// Files installed with the plugin live in "auth-password/" next to its
/// shared library (lib/sockstream/auth-password/ in the build and install trees).
class PluginDataPath {
public:
    /// Absolute path of `fileName` in that directory (it may not exist).
    static std::string resolve(const std::string& fileName);
};

}  // namespace sockstream::authpassword
