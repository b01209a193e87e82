#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "WhipPublisher.h"

namespace sockstream::webrtc {

/// Every WHIP publisher by session id, with the SHA-256 of the key it
/// published with (DELETE must present the same key), and where each
/// broadcast's timeline reached, so that a browser reconnecting within the
/// grace window continues the broadcast after where it stopped, never back
/// under the packagers' feet. Thread-safe.
class WhipPublishers {
public:
    void add(const std::string& sessionId, std::shared_ptr<WhipPublisher> publisher, std::string keyDigest) {
        std::lock_guard lock(_mutex);
        _publishers[sessionId] = {std::move(publisher), std::move(keyDigest)};
    }
    std::shared_ptr<WhipPublisher> find(const std::string& sessionId) const {
        std::lock_guard lock(_mutex);
        const auto found = _publishers.find(sessionId);
        return found == _publishers.end() ? nullptr : found->second.publisher;
    }
    /// The publisher if `keyDigest` is the one it published with.
    std::shared_ptr<WhipPublisher> findWithKey(const std::string& sessionId, const std::string& keyDigest) const {
        std::lock_guard lock(_mutex);
        const auto found = _publishers.find(sessionId);
        if (found == _publishers.end() || found->second.keyDigest != keyDigest) return nullptr;
        return found->second.publisher;
    }
    /// Takes the publisher out, remembering where its broadcast reached.
    std::shared_ptr<WhipPublisher> remove(const std::string& sessionId) {
        std::lock_guard lock(_mutex);
        const auto found = _publishers.find(sessionId);
        if (found == _publishers.end()) return nullptr;
        auto publisher = std::move(found->second.publisher);
        _publishers.erase(found);
        const auto reached = publisher->reachedMicros();
        if (reached >= 0) {
            if (_reached.size() >= kMaxRemembered) _reached.erase(_reached.begin());
            _reached[publisher->grant().broadcastId] = reached;
        }
        return publisher;
    }
    std::vector<std::shared_ptr<WhipPublisher>> all() const {
        std::lock_guard lock(_mutex);
        std::vector<std::shared_ptr<WhipPublisher>> list;
        for (const auto& [id, entry] : _publishers) list.push_back(entry.publisher);
        return list;
    }
    /// Where a resumed broadcast's timeline continues, in microseconds (0 for a new one).
    std::int64_t resumeAt(const std::string& broadcastId) const {
        std::lock_guard lock(_mutex);
        const auto found = _reached.find(broadcastId);
        // One frame at 30 fps after the last picture.
        return found == _reached.end() ? 0 : found->second + 33'333;
    }

private:
    static constexpr std::size_t kMaxRemembered = 1024;
    struct Entry {
        std::shared_ptr<WhipPublisher> publisher;
        std::string keyDigest;
    };
    mutable std::mutex _mutex;
    std::map<std::string, Entry> _publishers;
    std::map<std::string, std::int64_t> _reached;  ///< broadcast id -> microseconds
};

}  // namespace sockstream::webrtc
