#pragma once

#include <cstdint>
#include <string>

namespace chatbot {

/// "1h 02m 03s", "4m 05s", "7s": how long a broadcast has run.
std::string formatDuration(std::int64_t ms);

}  // namespace chatbot
