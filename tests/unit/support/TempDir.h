#pragma once

#include <filesystem>
#include <string>

namespace sockstream::test {

/// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return _path; }
    std::string file(const std::string& name) const { return (_path / name).string(); }
    /// Writes `content` to <dir>/<name> and returns its path.
    std::string write(const std::string& name, const std::string& content) const;

private:
    std::filesystem::path _path;
};

}  // namespace sockstream::test
