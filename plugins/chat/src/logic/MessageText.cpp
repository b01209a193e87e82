#include "logic/MessageText.h"

#include "sockstream-text/Utf8.h"

namespace sockstream::chat {

namespace {
bool isSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
}  // namespace

std::optional<std::size_t> MessageText::countCodePoints(std::string_view text) { return lib::text::utf8Length(text); }

bool MessageText::hasBidiControl(std::string_view text) {
    bool found = false;
    lib::text::forEachCodePoint(text, [&](char32_t c) { found = found || lib::text::isBidiControl(c); });
    return found;
}

std::optional<std::string> MessageText::normalize(std::string_view text, std::size_t maxCharacters) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && isSpace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && isSpace(static_cast<unsigned char>(text[end - 1]))) --end;
    const std::string_view trimmed = text.substr(begin, end - begin);
    std::size_t characters = 0;
    bool refused = false;
    const bool wellFormed = lib::text::forEachCodePoint(trimmed, [&](char32_t c) {
        ++characters;
        // C1 controls too (see lib::text::isControl); newline and tab are text in a chat line.
        refused = refused || (lib::text::isControl(c) && c != '\n' && c != '\t') || lib::text::isBidiControl(c);
    });
    if (!wellFormed || refused || characters == 0 || characters > maxCharacters) return std::nullopt;
    return std::string(trimmed);
}

}  // namespace sockstream::chat
