#include "sockstream-text/Utf8.h"

namespace sockstream::lib::text {

std::optional<DecodedCodePoint> decodeUtf8At(std::string_view text, std::size_t at) {
    if (at >= text.size()) return std::nullopt;
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    char32_t codePoint = 0;
    if (lead < 0x80) return DecodedCodePoint{lead, 1};
    if ((lead & 0xE0) == 0xC0) { length = 2; codePoint = lead & 0x1F; }
    else if ((lead & 0xF0) == 0xE0) { length = 3; codePoint = lead & 0x0F; }
    else if ((lead & 0xF8) == 0xF0) { length = 4; codePoint = lead & 0x07; }
    else return std::nullopt;  // a continuation byte or 0xF8..0xFF
    if (text.size() - at < length) return std::nullopt;
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[at + k]);
        if ((next & 0xC0) != 0x80) return std::nullopt;
        codePoint = (codePoint << 6) | (next & 0x3F);
    }
    static constexpr char32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (codePoint < kShortest[length] || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
        return std::nullopt;
    return DecodedCodePoint{codePoint, length};
}

std::optional<std::size_t> utf8Length(std::string_view text) {
    std::size_t count = 0;
    if (!forEachCodePoint(text, [&](char32_t) { ++count; })) return std::nullopt;
    return count;
}

bool hasControlCharacters(std::string_view text, std::string_view allowed) {
    for (std::size_t i = 0; i < text.size();) {
        const auto decoded = decodeUtf8At(text, i);
        const char32_t c = decoded ? decoded->codePoint : static_cast<unsigned char>(text[i]);
        if (decoded ? isControl(c) : (c < 0x20 || c == 0x7F)) {
            if (c >= 0x80 || allowed.find(static_cast<char>(c)) == std::string_view::npos) return true;
        }
        i += decoded ? decoded->length : 1;
    }
    return false;
}

}  // namespace sockstream::lib::text
