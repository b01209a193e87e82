#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sockstream::recordings {

/// What retention needs to know of a stored recording.
struct StoredRecording {
    std::string id;
    std::string roomId;
    std::int64_t startedAtMs = 0;
    std::int64_t sizeBytes = 0;
    bool inProgress = false;  ///< never deleted, but its bytes count against the quotas
};

/// Zero means "no limit" for each.
struct RetentionLimits {
    std::int64_t maxAgeMs = 0;
    std::int64_t roomQuotaBytes = 0;
    std::int64_t totalQuotaBytes = 0;
};

struct Expired {
    std::string id;
    std::string reason;  ///< words for the log: "older than 30 days", "the room's quota", "the total quota"
};

/// The recordings to delete, oldest first: those older than maxAge, then per
/// room the oldest until the room fits its quota, then the oldest overall until
/// everything fits the total quota. A recording in progress is never chosen
/// (so a quota may stay exceeded while one runs; the recorder stops it then).
std::vector<Expired> expiredRecordings(std::vector<StoredRecording> recordings, const RetentionLimits& limits,
                                       std::int64_t nowMs);

}  // namespace sockstream::recordings
