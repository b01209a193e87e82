#pragma once

#include <Poco/Logger.h>

namespace sockstream::core {

/// Raises this process's soft limit on open descriptors to its hard limit, as
/// nginx's worker_rlimit_nofile does: every HTTP, WebSocket and RTMP
/// connection holds one, and so does every HLS segment and part in memory
/// (SealedBytes). Warns, with what to do, when even the hard limit is low.
/// Returns the soft limit now in force.
long raiseOpenFileLimit(Poco::Logger& logger);

}  // namespace sockstream::core
