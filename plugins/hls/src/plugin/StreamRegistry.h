#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "LiveStream.h"

namespace sockstream::hls {

/// Live (and recently ended) streams by public room id.
class StreamRegistry {
public:
    std::shared_ptr<LiveStream> find(const std::string& roomId) const;
    /// Replaces whatever the room had (a new broadcast).
    void put(std::shared_ptr<LiveStream> stream);
    /// Removes streams that ended longer ago than `retention`; returns them.
    std::vector<std::shared_ptr<LiveStream>> sweep(std::chrono::steady_clock::duration retention);
    std::vector<std::shared_ptr<LiveStream>> takeAll();
    std::size_t size() const;

private:
    mutable std::shared_mutex _mutex;
    std::unordered_map<std::string, std::shared_ptr<LiveStream>> _streams;
};

}  // namespace sockstream::hls
