#include "cluster/BroadcastDirectory.h"

namespace sockstream::core {

void BroadcastDirectory::announce(const std::string& roomId, RemoteBroadcast where, Clock::time_point expiresAt) {
    std::lock_guard lock(_mutex);
    _entries[roomId] = Entry{std::move(where), expiresAt};
}

void BroadcastDirectory::withdraw(const std::string& roomId, const std::string& serverId) {
    std::lock_guard lock(_mutex);
    if (auto it = _entries.find(roomId); it != _entries.end() && it->second.where.serverId == serverId)
        _entries.erase(it);
}

void BroadcastDirectory::forget(const std::string& roomId) {
    std::lock_guard lock(_mutex);
    _entries.erase(roomId);
}

void BroadcastDirectory::forgetServer(const std::string& serverId) {
    std::lock_guard lock(_mutex);
    for (auto it = _entries.begin(); it != _entries.end();) {
        if (it->second.where.serverId == serverId)
            it = _entries.erase(it);
        else
            ++it;
    }
}

std::map<std::string, RemoteBroadcast> BroadcastDirectory::replaceAll(std::map<std::string, RemoteBroadcast> entries,
                                                                      Clock::time_point expiresAt) {
    std::map<std::string, Entry> fresh;
    for (auto& [roomId, where] : entries) fresh.emplace(roomId, Entry{std::move(where), expiresAt});
    std::map<std::string, RemoteBroadcast> vanished;
    std::lock_guard lock(_mutex);
    for (const auto& [roomId, entry] : _entries)
        if (fresh.find(roomId) == fresh.end()) vanished.emplace(roomId, entry.where);
    _entries = std::move(fresh);
    return vanished;
}

std::optional<RemoteBroadcast> BroadcastDirectory::locate(const std::string& roomId, Clock::time_point now) const {
    std::lock_guard lock(_mutex);
    auto it = _entries.find(roomId);
    if (it == _entries.end() || it->second.expiresAt <= now) return std::nullopt;
    return it->second.where;
}

std::size_t BroadcastDirectory::size(Clock::time_point now) const {
    std::lock_guard lock(_mutex);
    std::size_t live = 0;
    for (const auto& [roomId, entry] : _entries) live += entry.expiresAt > now ? 1 : 0;
    return live;
}

}  // namespace sockstream::core
