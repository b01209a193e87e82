#include "app/OpenFileLimit.h"

#include <algorithm>

#include <sys/resource.h>

namespace sockstream::core {
namespace {

/// Enough for tens of thousands of viewers; an unlimited hard limit is not asked for whole.
constexpr rlim_t kWanted = 1 << 20;
/// Below this a few hundred viewers and a handful of live rooms exhaust it.
constexpr rlim_t kComfortable = 8192;

}  // namespace

long raiseOpenFileLimit(Poco::Logger& logger) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    rlim_t target = limit.rlim_max == RLIM_INFINITY ? kWanted : std::min(limit.rlim_max, kWanted);
    if (limit.rlim_cur < target) {
        rlimit raised{target, limit.rlim_max};
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit.rlim_cur = target;
    }
    if (limit.rlim_cur < kComfortable)
        logger.warning("Only %lu open files are allowed (hard limit %lu): each connection and each media segment "
                       "held in memory uses one. Raise it (ulimit -n, LimitNOFILE= in systemd, ulimits in compose) to serve "
                       "more than a few hundred viewers.",
                       static_cast<unsigned long>(limit.rlim_cur), static_cast<unsigned long>(limit.rlim_max));
    return static_cast<long>(limit.rlim_cur);
}

}  // namespace sockstream::core
