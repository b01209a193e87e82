#include "RetentionPolicy.h"

#include <algorithm>
#include <map>

namespace sockstream::recordings {

std::vector<Expired> expiredRecordings(std::vector<StoredRecording> recordings, const RetentionLimits& limits,
                                       std::int64_t nowMs) {
    std::stable_sort(recordings.begin(), recordings.end(),
                     [](const StoredRecording& a, const StoredRecording& b) { return a.startedAtMs < b.startedAtMs; });
    std::vector<Expired> expired;
    std::vector<bool> gone(recordings.size(), false);
    auto remove = [&](std::size_t i, const std::string& reason) {
        gone[i] = true;
        expired.push_back(Expired{recordings[i].id, reason});
    };

    if (limits.maxAgeMs > 0) {
        const std::string reason = "older than " + std::to_string(limits.maxAgeMs / 86'400'000) + " days";
        for (std::size_t i = 0; i < recordings.size(); ++i)
            if (!recordings[i].inProgress && nowMs - recordings[i].startedAtMs > limits.maxAgeMs) remove(i, reason);
    }

    if (limits.roomQuotaBytes > 0) {
        std::map<std::string, std::int64_t> used;
        for (std::size_t i = 0; i < recordings.size(); ++i)
            if (!gone[i]) used[recordings[i].roomId] += recordings[i].sizeBytes;
        for (std::size_t i = 0; i < recordings.size(); ++i) {
            auto& room = used[recordings[i].roomId];
            if (gone[i] || recordings[i].inProgress || room <= limits.roomQuotaBytes) continue;
            room -= recordings[i].sizeBytes;
            remove(i, "over the room's quota");
        }
    }

    if (limits.totalQuotaBytes > 0) {
        std::int64_t total = 0;
        for (std::size_t i = 0; i < recordings.size(); ++i)
            if (!gone[i]) total += recordings[i].sizeBytes;
        for (std::size_t i = 0; i < recordings.size() && total > limits.totalQuotaBytes; ++i) {
            if (gone[i] || recordings[i].inProgress) continue;
            total -= recordings[i].sizeBytes;
            remove(i, "over the total quota");
        }
    }
    return expired;
}

}  // namespace sockstream::recordings
