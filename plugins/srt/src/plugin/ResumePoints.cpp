#include "ResumePoints.h"

namespace sockstream::srt {

namespace {
// Longer than any reconnect grace window worth having; SRT has no "unpublish"
// message, so an entry is dropped only when nobody used it for this long.
constexpr auto kKeepFor = std::chrono::hours(2);
}  // namespace

ResumePoints::Point ResumePoints::point(const std::string& broadcastId) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(_mutex);
    for (auto it = _entries.begin(); it != _entries.end();) {
        if (it->second.point.use_count() == 1 && now - it->second.touched > kKeepFor) it = _entries.erase(it);
        else ++it;
    }
    auto& entry = _entries[broadcastId];
    if (!entry.point) entry.point = std::make_shared<std::atomic<std::int64_t>>(-1);
    entry.touched = now;
    return entry.point;
}

}  // namespace sockstream::srt
