#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "connections/Closable.h"

namespace sockstream::core {

/// A listener's connections that have not proved themselves yet (the plugin
/// has not called StreamConnection::markEstablished), oldest first. When the
/// listener fills up, the oldest of them makes room for a newcomer: a crowd of
/// half-open sockets then delays an encoder by one handshake instead of locking
/// it out, and established connections (a publisher with a valid key) are never
/// the ones dropped. Thread-safe.
class PendingConnections {
public:
    /// Returns the id to remove it by.
    std::uint64_t add(std::weak_ptr<Closable> connection);
    /// Established or finished; a second call does nothing.
    void remove(std::uint64_t id);
    std::size_t size() const;
    /// Takes the oldest one still open out of the list (null when there is none).
    std::shared_ptr<Closable> takeOldest();

private:
    mutable std::mutex _mutex;
    std::uint64_t _nextId = 1;
    std::map<std::uint64_t, std::weak_ptr<Closable>> _byAge;
};

}  // namespace sockstream::core
