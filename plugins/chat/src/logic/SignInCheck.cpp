#include "logic/SignInCheck.h"

#include <Poco/Logger.h>

#include "presence/RoomPresence.h"
#include "socketio/SocketIoServer.h"
#include "sockstream/identity/Identity.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::chat {

SignInCheck::SignInCheck(PluginContext& context, SocketIoServer& sockets, RoomPresence& presence,
                         std::recursive_mutex& mutex, std::weak_ptr<const void> owner)
    : _context(context), _sockets(sockets), _presence(presence), _mutex(mutex), _owner(std::move(owner)) {}

void SignInCheck::verify(const EngineSessionPtr& session, Continuation then) {
    if (!session->user || session->signInSessionId.empty()) {
        // Anonymous connections have nothing to re-check (plugins' test
        // doubles may sign in without a session: they are trusted as before).
        return then(session->user ? Verdict::SignedIn : Verdict::Anonymous);
    }
    Pending& pending = _pending[session->sid];
    pending.waiting.push_back(std::move(then));
    if (!pending.inFlight) lookUp(session, pending);
}

void SignInCheck::lookUp(const EngineSessionPtr& session, Pending& pending) {
    pending.inFlight = true;
    auto batch = std::make_shared<std::vector<Continuation>>(std::move(pending.waiting));
    pending.waiting.clear();
    std::weak_ptr<EngineSession> weakSession = session;
    _context.scheduler().postBlocking([this, owner = _owner, weakSession, sid = session->sid,
                                       signInSessionId = session->signInSessionId, batch] {
        auto alive = owner.lock();
        if (!alive) return;
        bool active = true;
        try {
            active = _context.identity().sessionActive(signInSessionId);
        } catch (const std::exception& e) {
            // The database is failing: the message's commit will say so
            // (not_saved); refusing everyone as signed out would be wrong.
            _context.logger().warning(std::string("chat: checking a sign-in failed: ") + e.what());
        }
        std::lock_guard lock(_mutex);
        auto session = weakSession.lock();
        auto pending = _pending.find(sid);
        if (!session || session->closed) {
            if (pending != _pending.end()) _pending.erase(pending);
            return;
        }
        if (!active && session->user) signOut(*session);
        for (auto& then : *batch) then(active ? Verdict::SignedIn : Verdict::SignedOut);
        pending = _pending.find(sid);  // a continuation may have queued more
        if (pending == _pending.end()) return;
        if (pending->second.waiting.empty()) _pending.erase(pending);
        else if (session->user) lookUp(session, pending->second);
        else {
            auto waiting = std::move(pending->second.waiting);
            _pending.erase(pending);
            for (auto& then : waiting) then(Verdict::Anonymous);
        }
    });
}

void SignInCheck::signOut(EngineSession& session) {
    const std::string oldKey = RoomPresence::viewerKey(session);
    _context.logger().debug("chat: session " + session.sid + " of user " + session.user->id + " was signed out");
    session.user.reset();
    session.signInSessionId.clear();
    _presence.viewerChanged(session, oldKey);
    _sockets.emitToSession(session, "auth:signed-out",
                           {{"reason", "signed_out"},
                            {"message", "You were signed out (here or in another tab). Sign in again to chat."}});
}

}  // namespace sockstream::chat
