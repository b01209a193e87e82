#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engineio/EngineSession.h"

namespace sockstream {
class PluginContext;
}

namespace sockstream::chat {

class RoomPresence;
class SocketIoServer;

/// A connection is signed in by the cookie of its handshake, but may live for
/// hours after: before a signed-in connection acts (sends, moderates), its
/// sign-in session is looked up again, so a sign-out in another tab, a
/// revoked or an expired session stops it at once, on any server of a cluster
/// (sessions live in the shared database). A connection whose session ended
/// becomes anonymous (read-only, counted as an anonymous viewer) and is told
/// with `auth:signed-out`. Lookups run on a worker; a connection's actions
/// wait for them in order, several riding on one lookup. Runs with the
/// EngineIoServer's mutex held.
class SignInCheck {
public:
    enum class Verdict {
        Anonymous,  ///< never signed in (or told so before)
        SignedIn,
        SignedOut,  ///< its session ended just now: the action is refused with signed_out
    };
    using Continuation = std::function<void(Verdict)>;

    SignInCheck(PluginContext& context, SocketIoServer& sockets, RoomPresence& presence, std::recursive_mutex& mutex,
                std::weak_ptr<const void> owner);

    /// Runs `then` (with the mutex held) once the session's sign-in is known.
    void verify(const EngineSessionPtr& session, Continuation then);
    void clear() { _pending.clear(); }

private:
    struct Pending {
        std::vector<Continuation> waiting;
        bool inFlight = false;
    };
    void lookUp(const EngineSessionPtr& session, Pending& pending);
    void signOut(EngineSession& session);

    PluginContext& _context;
    SocketIoServer& _sockets;
    RoomPresence& _presence;
    std::recursive_mutex& _mutex;
    std::weak_ptr<const void> _owner;
    std::unordered_map<std::string, Pending> _pending;  ///< by Engine.IO sid
};

}  // namespace sockstream::chat
