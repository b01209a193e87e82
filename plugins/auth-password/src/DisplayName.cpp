#include "DisplayName.h"

#include "UnicodeText.h"

namespace sockstream::authpassword {

std::optional<std::string> DisplayName::normalize(std::string_view raw) {
    const auto text = UnicodeText::fromUtf8(raw);
    if (!text) return std::nullopt;
    const UnicodeText name = text->trimmed();
    if (name.codePoints() < 1 || name.codePoints() > kMaxCodePoints) return std::nullopt;
    if (name.hasInvisibleOrUnassigned()) return std::nullopt;
    return name.utf8();
}

}  // namespace sockstream::authpassword
