#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <unordered_set>

namespace sockstream::authpassword {

/// Passwords too common to allow, compared case-insensitively after NFKC.
/// The file format is John the Ripper's password.lst: one entry per line,
/// lines starting with "#!comment:" ignored.
class CommonPasswordList {
public:
    static constexpr std::size_t kMaxEntries = 1'000'000;
    static constexpr std::size_t kMaxLineBytes = 1024;

    CommonPasswordList() = default;
    /// Throws std::runtime_error for unreadable files, invalid UTF-8 or too many entries.
    static CommonPasswordList fromFile(const std::string& path);
    static CommonPasswordList fromStream(std::istream& in, const std::string& sourceName);

    /// `folded` is UnicodeText::foldedNfkc() of the candidate.
    bool containsFolded(const std::string& folded) const { return _entries.count(folded) > 0; }
    std::size_t size() const { return _entries.size(); }

private:
    std::unordered_set<std::string> _entries;
};

}  // namespace sockstream::authpassword
