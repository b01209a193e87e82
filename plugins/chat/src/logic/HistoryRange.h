#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace sockstream::chat {

/// The time window of GET /api/rooms/{roomId}/chat/history: messages with
/// from <= ts < to (Unix milliseconds), at most `limit` of them, oldest first.
/// Half-open, so a replay reading consecutive windows sees every message once.
struct HistoryRange {
    static constexpr std::size_t kDefaultLimit = 500;
    static constexpr std::size_t kMaxLimit = 1000;
    /// 15 digits keep a value below 2^53, exact in JavaScript (the web app's numbers).
    static constexpr std::size_t kMaxDigits = 15;

    std::int64_t fromMs = 0;
    std::int64_t toMs = 0;
    std::size_t limit = kDefaultLimit;
};

/// A refused query, in words the caller can fix.
struct HistoryRangeError {
    std::string message;
};

/// Reads `from`, `to` (required, decimal Unix milliseconds, to > from) and
/// `limit` (optional, 1..kMaxLimit) from a request's decoded query. Other
/// parameters are ignored (cache busters). Codec-free, so it is unit-tested
/// and fuzzable without the core.
struct HistoryRangeResult {
    std::optional<HistoryRange> range;
    HistoryRangeError error;  ///< set when range is empty
};
HistoryRangeResult parseHistoryRange(const std::map<std::string, std::string>& query);

}  // namespace sockstream::chat
