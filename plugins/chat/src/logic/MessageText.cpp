#include "logic/MessageText.h"

namespace sockstream::chat {

namespace {
bool isSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
}  // namespace

std::optional<std::size_t> MessageText::countCodePoints(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t minimum = 0;
        std::uint32_t codePoint = 0;
        if (c < 0x80) { length = 1; codePoint = c; }
        else if ((c & 0xE0) == 0xC0) { length = 2; codePoint = c & 0x1F; minimum = 0x80; }
        else if ((c & 0xF0) == 0xE0) { length = 3; codePoint = c & 0x0F; minimum = 0x800; }
        else if ((c & 0xF8) == 0xF0) { length = 4; codePoint = c & 0x07; minimum = 0x10000; }
        else return std::nullopt;
        if (i + length > text.size()) return std::nullopt;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return std::nullopt;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        if (length > 1 && codePoint < minimum) return std::nullopt;               // overlong
        if (codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) return std::nullopt;
        i += length;
        ++count;
    }
    return count;
}

std::optional<std::string> MessageText::normalize(std::string_view text, std::size_t maxCharacters) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && isSpace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && isSpace(static_cast<unsigned char>(text[end - 1]))) --end;
    const std::string_view trimmed = text.substr(begin, end - begin);
    for (unsigned char c : trimmed)
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return std::nullopt;
    const auto characters = countCodePoints(trimmed);
    if (!characters || *characters == 0 || *characters > maxCharacters) return std::nullopt;
    return std::string(trimmed);
}

}  // namespace sockstream::chat
