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

}  // namespace sockstream::core
