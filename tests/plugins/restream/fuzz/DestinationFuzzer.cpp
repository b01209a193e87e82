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
        if (DestinationRules::redact(published, key).find(key) != std::string::npos) __builtin_trap();
    }
    (void)DestinationRules::maskKey(key);
    return 0;
}
