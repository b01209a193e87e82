#include "util/Utf8.h"

namespace sockstream::core {

std::optional<std::size_t> utf8Length(std::string_view text) {
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        unsigned char lead = static_cast<unsigned char>(text[i]);
        std::size_t length;
        char32_t codePoint;
        if (lead < 0x80) { length = 1; codePoint = lead; }
        else if ((lead & 0xE0) == 0xC0) { length = 2; codePoint = lead & 0x1F; }
        else if ((lead & 0xF0) == 0xE0) { length = 3; codePoint = lead & 0x0F; }
        else if ((lead & 0xF8) == 0xF0) { length = 4; codePoint = lead & 0x07; }
        else return std::nullopt;
        if (i + length > text.size()) return std::nullopt;
        for (std::size_t k = 1; k < length; ++k) {
            unsigned char next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return std::nullopt;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (codePoint < kMinimum[length] || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            return std::nullopt;
        i += length;
        ++count;
    }
    return count;
}

bool hasControlCharacters(std::string_view text, std::string_view allowed) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        bool c0 = c < 0x20 || c == 0x7F;
        // C1 controls are U+0080..U+009F, encoded as 0xC2 0x80..0x9F.
        bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                  static_cast<unsigned char>(text[i + 1]) <= 0x9F;
        if ((c0 && allowed.find(static_cast<char>(c)) == std::string_view::npos) || c1) return true;
    }
    return false;
}

}  // namespace sockstream::core
