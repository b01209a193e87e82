#pragma once

#include <cstdint>
#include <optional>
#include <unordered_set>
#include <vector>

#include "sockstream/http/WebSocket.h"

namespace sockstream::chat {

struct EngineSession;

/// The sessions a broadcast goes to (a room's members, a channel's sockets).
/// Their WebSocket connections are kept prepared for fan-out (the core's
/// WebSocketAudience) and rebuilt only when the members change or some
/// session's transport did (EngineIoServer counts those), so a busy room's
/// broadcast does no per-member work on the broadcasting thread.
/// Guarded by the EngineIoServer's mutex, like the sessions it points to.
class EngineAudience {
public:
    void insert(EngineSession* session) {
        if (_members.insert(session).second) _prepared.reset();
    }
    void erase(EngineSession* session) {
        if (_members.erase(session)) _prepared.reset();
    }
    bool empty() const { return _members.empty(); }
    std::size_t size() const { return _members.size(); }
    auto begin() const { return _members.begin(); }
    auto end() const { return _members.end(); }

private:
    friend class EngineIoServer;
    struct Prepared {
        std::uint64_t transportEpoch;  ///< EngineIoServer's count of transport changes when built
        WebSocketAudience webSockets;
        std::vector<EngineSession*> others;  ///< polling, or between transports: sent one by one
    };
    std::unordered_set<EngineSession*> _members;
    std::optional<Prepared> _prepared;
};

}  // namespace sockstream::chat
