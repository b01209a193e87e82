#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "StreamFeed.h"

namespace sockstream::webrtc {

/// The StreamFeed of every live room. Thread-safe.
class FeedRegistry {
public:
    explicit FeedRegistry(StreamFeed::Limits limits) : _limits(limits) {}

    std::shared_ptr<StreamFeed> open(const std::string& roomId) {
        std::lock_guard lock(_mutex);
        auto& feed = _feeds[roomId];
        if (!feed) feed = std::make_shared<StreamFeed>(roomId, _limits);
        return feed;
    }
    std::shared_ptr<StreamFeed> find(const std::string& roomId) const {
        std::lock_guard lock(_mutex);
        const auto found = _feeds.find(roomId);
        return found == _feeds.end() ? nullptr : found->second;
    }
    void close(const std::string& roomId) {
        std::lock_guard lock(_mutex);
        _feeds.erase(roomId);
    }
    /// The feeds with a viewer catching up (none, and no allocation, most of the time).
    std::vector<std::shared_ptr<StreamFeed>> catchingUp() const {
        std::vector<std::shared_ptr<StreamFeed>> feeds;
        std::lock_guard lock(_mutex);
        for (const auto& [roomId, feed] : _feeds)
            if (feed->catchingUp()) feeds.push_back(feed);
        return feeds;
    }
    std::size_t size() const {
        std::lock_guard lock(_mutex);
        return _feeds.size();
    }

private:
    const StreamFeed::Limits _limits;
    mutable std::mutex _mutex;
    std::unordered_map<std::string, std::shared_ptr<StreamFeed>> _feeds;
};

}  // namespace sockstream::webrtc
