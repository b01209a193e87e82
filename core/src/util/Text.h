#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sockstream::core {

bool equalsIgnoreCase(std::string_view a, std::string_view b);
std::string toLower(std::string_view text);
std::string trim(std::string_view text);
/// Milliseconds since the Unix epoch.
std::int64_t nowMillis();
/// "2026-11-24T06:00:00.000Z" for Unix milliseconds (lib::text::isoTime, the one formatter).
std::string formatIsoTime(std::int64_t millis);

}  // namespace sockstream::core
