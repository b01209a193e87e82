#include "Uptime.h"

#include <cstdio>

namespace chatbot {

std::string formatDuration(std::int64_t ms) {
    const std::int64_t total = ms < 0 ? 0 : ms / 1000;
    const long long hours = total / 3600, minutes = total / 60 % 60, seconds = total % 60;
    char out[48];
    if (hours) std::snprintf(out, sizeof out, "%lldh %02lldm %02llds", hours, minutes, seconds);
    else if (minutes) std::snprintf(out, sizeof out, "%lldm %02llds", minutes, seconds);
    else std::snprintf(out, sizeof out, "%llds", seconds);
    return out;
}

}  // namespace chatbot
