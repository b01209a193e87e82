#include "logic/SignInCheck.h"

#include <algorithm>

#include <Poco/Logger.h>

#include "logic/WallClock.h"
#include "presence/RoomPresence.h"
#include "socketio/SocketIoServer.h"
#include "sockstream/events/IdentityEvents.h"
#include "sockstream/identity/Identity.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::chat {

namespace {

constexpr std::int64_t kExpiryScanIntervalMs = 60'000;

std::string signedOutMessage(const std::string& reason) {
    if (reason == "expired") return "Your sign-in expired. Sign in again to chat.";
    if (reason == "revoked") return "Your sign-in was ended by the server. Sign in again to chat.";
    return "You were signed out (here or in another tab). Sign in again to chat.";
}

}  // namespace

SignInCheck::SignInCheck(PluginContext& context, SocketIoServer& sockets, RoomPresence& presence,
                         std::recursive_mutex& mutex, std::weak_ptr<const void> owner)
    : _context(context), _sockets(sockets), _presence(presence), _mutex(mutex), _owner(std::move(owner)) {}

void SignInCheck::subscribe() {
    _subscription = _context.events().subscribe<SignInSessionEnded>([this, owner = _owner](const SignInSessionEnded& e) {
        auto end = [this, owner, sessionId = e.sessionId, reason = e.reason] {
            auto alive = owner.lock();
            if (!alive) return;
            std::lock_guard lock(_mutex);
            sessionEnded(sessionId, reason);
        };
        // A sign-out here runs on the worker answering it: done before the
        // answer leaves, so the other tab's very next message is refused. One
        // relayed from the cluster arrives on the cluster's thread, which
        // the chat may be waiting for under its mutex: finish on the loop.
        if (e.originServer.empty()) end();
        else _context.scheduler().post(std::move(end));
    });
}

void SignInCheck::unsubscribe() {
    if (_subscription) _context.events().unsubscribe(_subscription);
    _subscription = 0;
}

void SignInCheck::verify(const EngineSessionPtr& session, Continuation then) {
    if (session->signedOutUnanswered) {
        // Told with auth:signed-out already; its first action after says why it is refused.
        session->signedOutUnanswered = false;
        if (!session->user) return then(Verdict::SignedOut);
    }
    if (!session->user || session->signInSessionId.empty()) {
        // Anonymous connections have nothing to check (plugins' test doubles
        // may sign in without a session: they are trusted as before).
        return then(session->user ? Verdict::SignedIn : Verdict::Anonymous);
    }
    auto pending = _pending.find(session->sid);
    if (pending == _pending.end() && wallMs() < session->signInExpiresAt) return then(Verdict::SignedIn);
    // Its kept expiry passed (or a re-read is under way): read it once more, in order.
    Pending& waiting = pending == _pending.end() ? _pending[session->sid] : pending->second;
    waiting.waiting.push_back(std::move(then));
    if (!waiting.inFlight) lookUp(session, waiting);
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
        bool failed = false;
        std::optional<std::int64_t> expiresAt;
        try {
            expiresAt = _context.identity().sessionExpiresAt(signInSessionId);
        } catch (const std::exception& e) {
            // The database is failing: the message's commit will say so
            // (not_saved); refusing everyone as signed out would be wrong.
            failed = true;
            _context.logger().warning(std::string("chat: checking a sign-in failed: ") + e.what());
        }
        std::lock_guard lock(_mutex);
        auto session = weakSession.lock();
        auto pending = _pending.find(sid);
        if (!session || session->closed) {
            if (pending != _pending.end()) _pending.erase(pending);
            return;
        }
        const bool active = failed || expiresAt.has_value();
        if (expiresAt) session->signInExpiresAt = *expiresAt;
        if (!active && session->user) {
            signOut(*session, "expired");
            session->signedOutUnanswered = false;  // this very action is refused with signed_out
        }
        const Verdict verdict = !session->user ? (active ? Verdict::Anonymous : Verdict::SignedOut)
                                               : Verdict::SignedIn;
        for (auto& then : *batch) then(verdict);
        pending = _pending.find(sid);  // a continuation may have queued more
        if (pending == _pending.end()) return;
        pending->second.inFlight = false;
        if (pending->second.waiting.empty()) {
            _pending.erase(pending);
        } else {
            auto waiting = std::move(pending->second.waiting);
            _pending.erase(pending);
            for (auto& then : waiting) verify(session, std::move(then));
        }
    });
}

void SignInCheck::sessionEnded(const std::string& signInSessionId, const std::string& reason) {
    if (signInSessionId.empty()) return;
    for (const auto& session : _sockets.connectedSessions())
        if (session->user && session->signInSessionId == signInSessionId) signOut(*session, reason);
}

void SignInCheck::tick() {
    const std::int64_t now = wallMs();
    if (now < _nextExpiryScan) return;
    std::int64_t next = now + kExpiryScanIntervalMs;
    for (const auto& session : _sockets.connectedSessions()) {
        if (!session->user || session->signInSessionId.empty()) continue;
        if (session->signInExpiresAt <= now) {
            // Re-read before telling: another request may have refreshed it.
            // Nobody acts here: keep "its next action is refused with signed_out".
            std::weak_ptr<EngineSession> weak = session;
            if (!_pending.count(session->sid))
                verify(session, [weak](Verdict verdict) {
                    auto s = weak.lock();
                    if (s && verdict == Verdict::SignedOut) s->signedOutUnanswered = true;
                });
        } else {
            next = std::min(next, session->signInExpiresAt);
        }
    }
    _nextExpiryScan = next;
}

void SignInCheck::signOut(EngineSession& session, const std::string& reason) {
    const std::string oldKey = RoomPresence::viewerKey(session);
    _context.logger().debug("chat: session " + session.sid + " of user " + session.user->id + " ended: " + reason);
    session.user.reset();
    session.signInSessionId.clear();
    session.signedOutUnanswered = true;
    _presence.viewerChanged(session, oldKey);
    _sockets.emitToSession(session, "auth:signed-out", {{"reason", reason}, {"message", signedOutMessage(reason)}});
}

}  // namespace sockstream::chat
