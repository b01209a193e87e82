#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace sockstream::rtmp {

/// The last dts each broadcast reached, shared by the connections of one
/// broadcast, so an encoder that reconnects within the grace window continues
/// the timeline instead of restarting it at 0 under the packagers' feet.
class BroadcastTimelines {
public:
    using Timeline = std::shared_ptr<std::atomic<std::int64_t>>;

    /// The broadcast's timeline, created (at -1: nothing delivered) when new.
    Timeline timeline(const std::string& broadcastId);
    /// The broadcast is over for good.
    void forget(const std::string& broadcastId);

private:
    struct Entry {
        Timeline timeline;
        std::chrono::steady_clock::time_point touched;
    };
    void sweep(std::chrono::steady_clock::time_point now);

    std::mutex _mutex;
    std::map<std::string, Entry> _entries;
};

}  // namespace sockstream::rtmp
