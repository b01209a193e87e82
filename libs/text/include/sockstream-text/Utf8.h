#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace sockstream::lib::text {

/// Decodes one code point of well-formed UTF-8 at `text[at]`: the code point
/// and its length in bytes, or nullopt for a truncated sequence, a stray
/// continuation byte, an overlong form, a surrogate (U+D800..U+DFFF) or a
/// value above U+10FFFF (RFC 3629, section 3).
struct DecodedCodePoint {
    char32_t codePoint;
    std::size_t length;
};
std::optional<DecodedCodePoint> decodeUtf8At(std::string_view text, std::size_t at);

/// Calls visit(codePoint) for each code point; false (after visiting the valid
/// prefix) when the text is not well-formed UTF-8.
template <class Visit>
bool forEachCodePoint(std::string_view text, Visit&& visit) {
    for (std::size_t i = 0; i < text.size();) {
        const auto decoded = decodeUtf8At(text, i);
        if (!decoded) return false;
        visit(decoded->codePoint);
        i += decoded->length;
    }
    return true;
}

/// Number of code points, or nullopt when the text is not well-formed UTF-8.
std::optional<std::size_t> utf8Length(std::string_view text);

/// A control character: C0 (U+0000..U+001F), DEL (U+007F) or C1 (U+0080..U+009F).
///
/// C1 counts. Unicode gives all three ranges the general category Cc, and
/// they are as dangerous as C0 in text we store and show: U+0085 (NEL) is a
/// line break to some renderers and log readers, and U+009B (CSI) starts a
/// terminal escape sequence like ESC [ does, so a chat line or room title
/// could rewrite an operator's terminal or forge a log line. No language
/// writes with them. (Before this library the chat accepted them while the
/// core and auth-password refused them.)
constexpr bool isControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

/// Embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069): they
/// reorder the text around them, so a line could show other words than it
/// holds (the "Trojan Source" trick). Marks (U+200E, U+200F) stay allowed.
constexpr bool isBidiControl(char32_t c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); }

/// True when well-formed UTF-8 `text` holds a control character other than
/// the ASCII ones listed in `allowed` (e.g. "\n\t"). Ill-formed UTF-8 is
/// checked byte by byte for C0 and DEL only: validate it first.
bool hasControlCharacters(std::string_view text, std::string_view allowed = {});

}  // namespace sockstream::lib::text
