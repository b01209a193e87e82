#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "sockstream/cluster/Cluster.h"

namespace sockstream::core {

/// This server's copy of the cluster's room -> server registry for broadcasts
/// on other servers. It is fed by announcements over pub/sub and by periodic
/// reads of the registry in Redis, and every entry expires on its own, so a
/// server that crashed without withdrawing stops being named after the TTL.
/// Lookups never touch the network: an HLS request pays a map lookup.
class BroadcastDirectory {
public:
    using Clock = std::chrono::steady_clock;

    void announce(const std::string& roomId, RemoteBroadcast where, Clock::time_point expiresAt);
    /// Forgets the room only if it is still listed under that server (a later
    /// takeover by another server must not be undone by a late withdrawal).
    void withdraw(const std::string& roomId, const std::string& serverId);
    /// Forgets the room whoever announced it (this server took it over).
    void forget(const std::string& roomId);
    /// Everything a server announced goes (it said goodbye).
    void forgetServer(const std::string& serverId);
    /// Replaces the whole directory with a fresh read of the registry and
    /// returns the entries that vanished without a withdrawal (their server
    /// stopped refreshing them: it crashed or lost Redis).
    std::map<std::string, RemoteBroadcast> replaceAll(std::map<std::string, RemoteBroadcast> entries,
                                                      Clock::time_point expiresAt);

    std::optional<RemoteBroadcast> locate(const std::string& roomId, Clock::time_point now) const;
    std::size_t size(Clock::time_point now) const;

private:
    struct Entry {
        RemoteBroadcast where;
        Clock::time_point expiresAt;
    };
    mutable std::mutex _mutex;
    std::map<std::string, Entry> _entries;
};

}  // namespace sockstream::core
