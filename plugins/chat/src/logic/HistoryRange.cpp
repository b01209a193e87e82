#include "logic/HistoryRange.h"

#include <algorithm>
#include <cctype>

namespace sockstream::chat {

namespace {

/// A non-negative decimal of 1..kMaxDigits digits, nothing else (no sign,
/// spaces or exponent: "1e3" is a typo, not a thousand).
std::optional<std::int64_t> decimal(const std::string& text) {
    if (text.empty() || text.size() > HistoryRange::kMaxDigits) return std::nullopt;
    if (!std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) return std::nullopt;
    return std::stoll(text);
}

HistoryRangeResult refuse(std::string message) {
    return HistoryRangeResult{std::nullopt, HistoryRangeError{std::move(message)}};
}

}  // namespace

HistoryRangeResult parseHistoryRange(const std::map<std::string, std::string>& query) {
    HistoryRange range;
    for (const char* name : {"from", "to"}) {
        const auto it = query.find(name);
        if (it == query.end())
            return refuse(std::string("The query parameter '") + name + "' is missing: give a time in Unix milliseconds.");
        const auto value = decimal(it->second);
        if (!value)
            return refuse(std::string("The query parameter '") + name +
                          "' must be a time in Unix milliseconds (digits only, at most 15).");
        (std::string(name) == "from" ? range.fromMs : range.toMs) = *value;
    }
    if (range.toMs <= range.fromMs) return refuse("The query parameter 'to' must be later than 'from'.");
    if (const auto it = query.find("limit"); it != query.end()) {
        const auto value = decimal(it->second);
        if (!value || *value < 1 || *value > static_cast<std::int64_t>(HistoryRange::kMaxLimit))
            return refuse("The query parameter 'limit' must be a whole number from 1 to " +
                          std::to_string(HistoryRange::kMaxLimit) + ".");
        range.limit = static_cast<std::size_t>(*value);
    }
    return HistoryRangeResult{range, {}};
}

}  // namespace sockstream::chat
