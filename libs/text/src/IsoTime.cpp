#include "sockstream-text/IsoTime.h"

#include <cstdio>
#include <ctime>

namespace sockstream::lib::text {

std::string isoTime(std::int64_t unixMillis) {
    // Floor division: the millisecond part of a time before 1970 is still 0..999.
    std::int64_t seconds = unixMillis / 1000;
    std::int64_t millis = unixMillis % 1000;
    if (millis < 0) {
        millis += 1000;
        seconds -= 1;
    }
    const std::time_t time = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&time, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
    return text;
}

std::string isoTime(std::chrono::system_clock::time_point time) {
    return isoTime(std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::floor<std::chrono::milliseconds>(time).time_since_epoch())
                       .count());
}

}  // namespace sockstream::lib::text
