#include "UnicodeText.h"

#include <stdexcept>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

#include "sockstream-text/Utf8.h"

namespace sockstream::authpassword {
namespace {

icu::UnicodeString toUnicode(const std::string& utf8) {
    return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
}

std::string toUtf8(const icu::UnicodeString& text) {
    std::string out;
    text.toUTF8String(out);
    return out;
}

const icu::Normalizer2& nfkcNormalizer() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || !normalizer) throw std::runtime_error("ICU NFKC data unavailable");
    return *normalizer;
}

icu::UnicodeString normalized(const std::string& utf8) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString result = nfkcNormalizer().normalize(toUnicode(utf8), status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("NFKC failed: ") + u_errorName(status));
    return result;
}

}  // namespace

std::optional<UnicodeText> UnicodeText::fromUtf8(std::string_view utf8) {
    if (utf8.size() > static_cast<std::size_t>(INT32_MAX / 2)) return std::nullopt;
    // The one UTF-8 rule of the project (libs/text): no overlong forms, surrogates or truncation.
    const auto codePoints = lib::text::utf8Length(utf8);
    if (!codePoints) return std::nullopt;
    return UnicodeText(std::string(utf8), *codePoints);
}

std::string UnicodeText::nfkc() const {
    return toUtf8(normalized(_utf8));
}

std::string UnicodeText::foldedNfkc() const {
    icu::UnicodeString text = normalized(_utf8);
    text.foldCase();
    return toUtf8(text);
}

UnicodeText UnicodeText::trimmed() const {
    icu::UnicodeString text = toUnicode(_utf8);
    std::int32_t start = 0;
    std::int32_t end = text.length();
    while (start < end && u_isUWhiteSpace(text.char32At(start))) start = text.moveIndex32(start, 1);
    while (end > start) {
        const std::int32_t previous = text.moveIndex32(end, -1);
        if (!u_isUWhiteSpace(text.char32At(previous))) break;
        end = previous;
    }
    icu::UnicodeString inner(text, start, end - start);
    return UnicodeText(toUtf8(inner), static_cast<std::size_t>(inner.countChar32()));
}

bool UnicodeText::hasInvisibleOrUnassigned() const {
    const icu::UnicodeString text = toUnicode(_utf8);
    for (std::int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
        const UChar32 c = text.char32At(i);
        // Joiners are format characters that scripts (Persian, Indic) and
        // emoji sequences need; bidi overrides and the like are not.
        if (c == 0x200C || c == 0x200D) continue;
        const std::int8_t type = u_charType(c);
        if (type == U_CONTROL_CHAR || type == U_FORMAT_CHAR || type == U_UNASSIGNED ||
            type == U_PRIVATE_USE_CHAR || type == U_SURROGATE)
            return true;
    }
    return false;
}

}  // namespace sockstream::authpassword
