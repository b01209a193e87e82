#include "listeners/PendingConnections.h"

namespace sockstream::core {

std::uint64_t PendingConnections::add(std::weak_ptr<Closable> connection) {
    std::lock_guard lock(_mutex);
    const std::uint64_t id = _nextId++;
    _byAge.emplace(id, std::move(connection));
    return id;
}

void PendingConnections::remove(std::uint64_t id) {
    std::lock_guard lock(_mutex);
    _byAge.erase(id);
}

std::size_t PendingConnections::size() const {
    std::lock_guard lock(_mutex);
    return _byAge.size();
}

std::shared_ptr<Closable> PendingConnections::takeOldest() {
    std::lock_guard lock(_mutex);
    while (!_byAge.empty()) {
        auto oldest = _byAge.begin();
        auto connection = oldest->second.lock();
        _byAge.erase(oldest);
        if (connection) return connection;
    }
    return nullptr;
}

}  // namespace sockstream::core
