#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engineio/EngineSession.h"
#include "sockstream/events/EventBus.h"

namespace sockstream {
class PluginContext;
}

namespace sockstream::chat {

class RoomPresence;
class SocketIoServer;

/// A connection is signed in by the cookie of its handshake, but may live for
/// hours after. It keeps its sign-in session's expiry, and before it acts
/// (sends, moderates) the expiry is compared locally: no database read per
/// message. A sign-out, revocation or expiry noticed by the core arrives as
/// SignInSessionEnded (from any server of a cluster) and signs the
/// connections of that session out at once. A connection whose session ended
/// becomes anonymous (read-only, counted as an anonymous viewer), is told with
/// `auth:signed-out` right then (an idle tab too), and its next action is
/// refused with signed_out. When the kept expiry passes, the session is read
/// once more (on a worker, a connection's actions waiting in order): another
/// request may have refreshed it. Runs with the EngineIoServer's mutex held.
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

    /// Follows the core's SignInSessionEnded; call unsubscribe() before the owner goes.
    void subscribe();
    void unsubscribe();

    /// Runs `then` (with the mutex held) once the session's sign-in is known:
    /// at once unless its kept expiry has passed.
    void verify(const EngineSessionPtr& session, Continuation then);
    /// Signs out every connection of the core session `signInSessionId`.
    void sessionEnded(const std::string& signInSessionId, const std::string& reason);
    /// Once a second: connections whose kept expiry passed are re-read (a scan
    /// of the connections at most once a minute or when one is due).
    void tick();
    void clear() { _pending.clear(); }

private:
    struct Pending {
        std::vector<Continuation> waiting;
        bool inFlight = false;
    };
    void lookUp(const EngineSessionPtr& session, Pending& pending);
    void signOut(EngineSession& session, const std::string& reason);

    PluginContext& _context;
    SocketIoServer& _sockets;
    RoomPresence& _presence;
    std::recursive_mutex& _mutex;
    std::weak_ptr<const void> _owner;
    std::unordered_map<std::string, Pending> _pending;  ///< by Engine.IO sid
    SubscriptionId _subscription = 0;
    std::int64_t _nextExpiryScan = 0;  ///< Unix ms
};

}  // namespace sockstream::chat
