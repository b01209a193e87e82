#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace sockstream::srt {

/// Where each broadcast's timeline reached (90 kHz ticks on the bus), shared by
/// the connections of one broadcast: an encoder that reconnects within the
/// grace window restarts its MPEG-TS clock anywhere, and its broadcast must go
/// on after where it stopped, never back, under the packagers' feet.
class ResumePoints {
public:
    using Point = std::shared_ptr<std::atomic<std::int64_t>>;

    /// The broadcast's point, created at -1 (nothing delivered) when new.
    Point point(const std::string& broadcastId);

private:
    struct Entry {
        Point point;
        std::chrono::steady_clock::time_point touched;
    };

    std::mutex _mutex;
    std::map<std::string, Entry> _entries;
};

}  // namespace sockstream::srt
