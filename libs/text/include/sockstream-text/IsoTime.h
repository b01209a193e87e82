#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sockstream::lib::text {

/// "2026-11-24T06:00:00.000Z": Unix milliseconds as ISO 8601 / RFC 3339 UTC
/// with milliseconds, the one time format of the JSON APIs, the chat and
/// HLS's EXT-X-PROGRAM-DATE-TIME. Times before 1970 round toward the past,
/// so -1 ms is "1969-12-31T23:59:59.999Z".
std::string isoTime(std::int64_t unixMillis);
std::string isoTime(std::chrono::system_clock::time_point time);

}  // namespace sockstream::lib::text
