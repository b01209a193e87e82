#include "PluginDataPath.h"

#include <dlfcn.h>

#include <filesystem>
#include <stdexcept>

namespace sockstream::authpassword {
namespace {
// Any function of this library: dladdr on it names the .so it was loaded from.
void anchor() {}
}  // namespace

std::string PluginDataPath::resolve(const std::string& fileName) {
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&anchor), &info) == 0 || !info.dli_fname)
        throw std::runtime_error("cannot locate the auth-password plugin library");
    const std::filesystem::path library = std::filesystem::absolute(info.dli_fname);
    return (library.parent_path() / "auth-password" / fileName).string();
}

}  // namespace sockstream::authpassword
