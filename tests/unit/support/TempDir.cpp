#include "TempDir.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace sockstream::test {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sockstream-unit-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    _path = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(_path, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
    std::string target = file(name);
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + target);
    return target;
}

}  // namespace sockstream::test
