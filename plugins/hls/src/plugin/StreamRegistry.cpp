#include "StreamRegistry.h"

#include <mutex>

namespace sockstream::hls {

std::shared_ptr<LiveStream> StreamRegistry::find(const std::string& roomId) const {
    std::shared_lock lock(_mutex);
    auto found = _streams.find(roomId);
    return found == _streams.end() ? nullptr : found->second;
}

void StreamRegistry::put(std::shared_ptr<LiveStream> stream) {
    std::shared_ptr<LiveStream> previous;
    {
        std::unique_lock lock(_mutex);
        auto& slot = _streams[stream->roomId()];
        previous = std::move(slot);
        slot = std::move(stream);
    }
    if (previous) previous->releaseWaiters();
}

std::vector<std::shared_ptr<LiveStream>> StreamRegistry::sweep(std::chrono::steady_clock::duration retention) {
    std::vector<std::shared_ptr<LiveStream>> removed;
    auto now = std::chrono::steady_clock::now();
    std::unique_lock lock(_mutex);
    for (auto it = _streams.begin(); it != _streams.end();) {
        if (it->second->ended() && now - it->second->endedAt() >= retention) {
            removed.push_back(std::move(it->second));
            it = _streams.erase(it);
        } else {
            ++it;
        }
    }
    return removed;
}

std::vector<std::shared_ptr<LiveStream>> StreamRegistry::takeAll() {
    std::vector<std::shared_ptr<LiveStream>> all;
    std::unique_lock lock(_mutex);
    for (auto& [id, stream] : _streams) all.push_back(std::move(stream));
    _streams.clear();
    return all;
}

std::size_t StreamRegistry::size() const {
    std::shared_lock lock(_mutex);
    return _streams.size();
}

}  // namespace sockstream::hls
