#include "httpserver/HttpDate.h"

#include <cstdio>
#include <ctime>

namespace sockstream::core {

std::string_view currentHttpDate() {
    thread_local std::time_t formattedSecond = 0;
    thread_local char text[64] = {};
    thread_local std::size_t length = 0;
    std::time_t now = std::time(nullptr);
    if (now != formattedSecond) {
        static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
        static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        std::tm utc{};
        gmtime_r(&now, &utc);
        // Spelled out rather than strftime so a process locale cannot change it.
        int written = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                    days[utc.tm_wday], utc.tm_mday, months[utc.tm_mon],
                                    utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
        length = written > 0 ? static_cast<std::size_t>(written) : 0;
        formattedSecond = now;
    }
    return {text, length};
}

}  // namespace sockstream::core
