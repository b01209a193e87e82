#include "connections/ConnectionTracker.h"

#include <vector>

namespace sockstream::core {

void ConnectionTracker::add(const std::shared_ptr<Closable>& connection) {
    std::lock_guard lock(_mutex);
    _open.emplace(connection.get(), connection);
}

void ConnectionTracker::remove(const Closable* connection) {
    std::lock_guard lock(_mutex);
    if (_open.erase(connection) > 0 && _open.empty()) _empty.notify_all();
}

std::size_t ConnectionTracker::size() const {
    std::lock_guard lock(_mutex);
    return _open.size();
}

void ConnectionTracker::closeAll(std::chrono::milliseconds wait) {
    std::vector<std::shared_ptr<Closable>> connections;
    {
        std::lock_guard lock(_mutex);
        for (auto& [key, weak] : _open)
            if (auto connection = weak.lock()) connections.push_back(std::move(connection));
    }
    for (auto& connection : connections) connection->shutdown();
    connections.clear();
    if (wait.count() <= 0) return;
    std::unique_lock lock(_mutex);
    _empty.wait_for(lock, wait, [this] { return _open.empty(); });
}

}  // namespace sockstream::core
