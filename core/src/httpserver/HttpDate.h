#pragma once

#include <string_view>

namespace sockstream::core {

/// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"),
/// formatted at most once per second per thread.
std::string_view currentHttpDate();

}  // namespace sockstream::core
