#include "BroadcastTimelines.h"

namespace sockstream::rtmp {

namespace {
// Longer than any reconnect grace window worth having.
constexpr auto kKeepFor = std::chrono::hours(2);
}

BroadcastTimelines::Timeline BroadcastTimelines::timeline(const std::string& broadcastId) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(_mutex);
    sweep(now);
    auto& entry = _entries[broadcastId];
    if (!entry.timeline) entry.timeline = std::make_shared<std::atomic<std::int64_t>>(-1);
    entry.touched = now;
    return entry.timeline;
}

void BroadcastTimelines::forget(const std::string& broadcastId) {
    std::lock_guard lock(_mutex);
    _entries.erase(broadcastId);
}

void BroadcastTimelines::sweep(std::chrono::steady_clock::time_point now) {
    for (auto it = _entries.begin(); it != _entries.end();) {
        // In use by a connection: keep; otherwise drop once stale.
        if (it->second.timeline.use_count() == 1 && now - it->second.touched > kKeepFor) it = _entries.erase(it);
        else ++it;
    }
}

}  // namespace sockstream::rtmp
