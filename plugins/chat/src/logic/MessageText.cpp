#include "logic/MessageText.h"

namespace sockstream::chat {

namespace {

bool isSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/// Calls visit(codePoint) for each code point of valid UTF-8; false when the
/// text is not valid UTF-8 (overlong forms and surrogates included).
template <typename Visit>
bool decodeUtf8(std::string_view text, Visit visit) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t minimum = 0;
        std::uint32_t codePoint = 0;
        if (c < 0x80) { length = 1; codePoint = c; }
        else if ((c & 0xE0) == 0xC0) { length = 2; codePoint = c & 0x1F; minimum = 0x80; }
        else if ((c & 0xF0) == 0xE0) { length = 3; codePoint = c & 0x0F; minimum = 0x800; }
        else if ((c & 0xF8) == 0xF0) { length = 4; codePoint = c & 0x07; minimum = 0x10000; }
        else return false;
        if (i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        if (length > 1 && codePoint < minimum) return false;  // overlong
        if (codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) return false;
        visit(codePoint);
        i += length;
    }
    return true;
}

/// Embeddings, overrides and isolates: they reorder the text around them, so
/// a message could show other words than it holds (the "Trojan Source" trick).
bool isBidiControl(std::uint32_t c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); }

}  // namespace

std::optional<std::size_t> MessageText::countCodePoints(std::string_view text) {
    std::size_t count = 0;
    if (!decodeUtf8(text, [&](std::uint32_t) { ++count; })) return std::nullopt;
    return count;
}

bool MessageText::hasBidiControl(std::string_view text) {
    bool found = false;
    decodeUtf8(text, [&](std::uint32_t c) { found = found || isBidiControl(c); });
    return found;
}

std::optional<std::string> MessageText::normalize(std::string_view text, std::size_t maxCharacters) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && isSpace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && isSpace(static_cast<unsigned char>(text[end - 1]))) --end;
    const std::string_view trimmed = text.substr(begin, end - begin);
    for (unsigned char c : trimmed)
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return std::nullopt;
    std::size_t characters = 0;
    bool bidi = false;
    if (!decodeUtf8(trimmed, [&](std::uint32_t c) {
            ++characters;
            bidi = bidi || isBidiControl(c);
        }))
        return std::nullopt;
    if (bidi || characters == 0 || characters > maxCharacters) return std::nullopt;
    return std::string(trimmed);
}

}  // namespace sockstream::chat
