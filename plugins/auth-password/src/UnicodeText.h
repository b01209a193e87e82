#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sockstream::authpassword {

/// Strictly validated UTF-8 text (no overlong forms, surrogates or
/// truncated sequences), with the few Unicode operations passwords and
/// names need. Backed by ICU.
class UnicodeText {
public:
    /// nullopt when `utf8` is not well-formed UTF-8.
    static std::optional<UnicodeText> fromUtf8(std::string_view utf8);

    std::size_t codePoints() const { return _codePoints; }
    const std::string& utf8() const { return _utf8; }

    /// NFKC, so the same password typed on different keyboards or input
    /// methods hashes the same (NIST SP 800-63B 5.1.1.2).
    std::string nfkc() const;
    /// NFKC and Unicode case folding, for case-insensitive comparisons.
    std::string foldedNfkc() const;
    /// Without leading and trailing Unicode white space.
    UnicodeText trimmed() const;
    /// True when it contains a control (Cc) or format (Cf) character other
    /// than the zero-width (non-)joiner, or an unassigned or private-use code point.
    bool hasInvisibleOrUnassigned() const;

private:
    UnicodeText(std::string utf8, std::size_t codePoints) : _utf8(std::move(utf8)), _codePoints(codePoints) {}

    std::string _utf8;
    std::size_t _codePoints = 0;
};

}  // namespace sockstream::authpassword
