// An owner's destination (URL and key) arrives through the API: whatever the
// rules accept must be a URL of the two allowed schemes that the key joins as
// one path segment, and no key may survive redaction.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "DestinationRules.h"

using sockstream::restream::DestinationRules;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto split = input.find('\n');
    const std::string_view url = input.substr(0, split);
    const std::string_view key = split == std::string_view::npos ? std::string_view{} : input.substr(split + 1);
    const bool urlOk = !DestinationRules::checkUrl(url);
    const bool keyOk = !DestinationRules::checkKey(key);
    (void)DestinationRules::checkName(key);
    if (urlOk) {
        const auto scheme = DestinationRules::scheme(url);
        if (scheme != "rtmp" && scheme != "rtmps") __builtin_trap();
        if (url.size() > DestinationRules::kMaxUrlLength || DestinationRules::hostOf(url).empty()) __builtin_trap();
    }
    if (urlOk && keyOk) {
        const auto published = DestinationRules::publishUrl(url, key);
        if (published.find_first_of("?# ") != std::string::npos) __builtin_trap();
        // The key may occur inside the marks themselves (a key "ey" in "<key>"):
        // what must not hold it is the text between them.
        const std::string redacted = DestinationRules::redact(published, key);
        const auto mark = DestinationRules::kRedactionMark;
        std::size_t from = 0;
        for (auto at = redacted.find(mark); ; at = redacted.find(mark, from)) {
            const auto piece = std::string_view(redacted).substr(from, at == std::string::npos ? std::string::npos : at - from);
            if (piece.find(key) != std::string_view::npos) __builtin_trap();
            if (at == std::string::npos) break;
            from = at + mark.size();
        }
    }
    (void)DestinationRules::maskKey(key);
    return 0;
}
