#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <vector>
#include <string>
#include <unordered_map>

#include "ChatConfig.h"
#include "engineio/EngineAudience.h"
#include "engineio/EngineSession.h"
#include "protocol/ProtocolLimits.h"
#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponder.h"

namespace sockstream {
class PluginContext;
class TimerHandle;
}

namespace sockstream::chat {

class EngineListener;

/// Engine.IO v4 over the core's HTTP server: handshake, long-polling, WebSocket
/// (direct or by upgrade), heartbeats and closing. Hands messages to its EngineListener (the
/// Socket.IO layer); knows nothing of Socket.IO or chat.
/// One mutex guards every session; callbacks the core may run synchronously
/// (WebSocket onClose) never take it.
class EngineIoServer : public std::enable_shared_from_this<EngineIoServer> {
public:
    EngineIoServer(PluginContext& context, const ChatConfig& config);

    void setListener(EngineListener* listener) { _listener = listener; }
    void registerRoutes();
    void start();
    void stop();

    std::recursive_mutex& mutex() { return _mutex; }
    PluginContext& context() { return _context; }

    // Called with the mutex held.
    void sendText(EngineSession& session, std::string engineText);
    /// A broadcast of several messages, in order: WebSocket sessions share
    /// one buffer (one write each for all of them, handed to each I/O thread
    /// once), the others get them one by one.
    void sendSharedToAll(EngineAudience& audience, const std::vector<std::shared_ptr<const std::string>>& engineTexts);
    void sendSharedToAll(EngineAudience& audience, const std::shared_ptr<const std::string>& engineText) {
        sendSharedToAll(audience, std::vector<std::shared_ptr<const std::string>>{engineText});
    }
    void sendBinary(EngineSession& session, std::string bytes);
    /// How a long-polling GET held at the close is answered: a close the
    /// client asked for (its POSTed "1") with a noop, as engine.io does; any
    /// other with a close packet.
    enum class HeldPollAnswer { Close, Noop };
    void closeSession(const EngineSessionPtr& session, const std::string& reason,
                      HeldPollAnswer heldPollAnswer = HeldPollAnswer::Close);
    EngineSessionPtr findLocked(const std::string& sid);
    std::size_t sessionCount() const { return _sessionCount.load(); }

    // From the WebSocket handler.
    void onWebSocketOpen(const EngineSessionPtr& session, std::shared_ptr<WebSocketConnection> connection);
    void onWebSocketMessage(const EngineSessionPtr& session, std::string_view message, bool binary);
    void onProbeMessage(const EngineSessionPtr& session, const std::shared_ptr<WebSocketConnection>& connection,
                        std::string_view message, bool& upgraded);
    void onWebSocketClosed(const std::weak_ptr<EngineSession>& session, const WebSocketConnection* connection);

    static std::int64_t nowMs();
    /// The cookie that tells one anonymous browser's tabs apart from another browser's.
    static constexpr const char* kViewerCookie = "sockstream_viewer";
    /// What a page at a refused origin is told (CONNECT_ERROR, 403), in words.
    static std::string originRefusal(const std::string& origin);

private:
    void handleGet(const HttpRequest& request, HttpResponder responder);
    void handlePost(const HttpRequest& request, HttpResponder responder);
    /// PUT, DELETE, PATCH: engine.io answers 400, "Bad handshake method" without a sid.
    void handleOtherMethod(const HttpRequest& request, HttpResponder responder);
    void handshake(const HttpRequest& request, HttpResponder responder, bool webSocket);
    /// What the handshake learnt about the client.
    struct Handshake {
        std::shared_ptr<const ChatUser> user;
        std::string signInSessionId;
        std::int64_t signInExpiresAt = 0;
        std::vector<std::string> setCookies;  ///< a refreshed session, a new viewer id
        std::string address;
        std::string viewerId;
        std::string refusedOrigin;
    };
    void openSession(Handshake handshake, HttpResponder responder, bool webSocket);
    /// The anonymous viewer id the browser sent, or a new one (with its Set-Cookie).
    void identifyViewer(const HttpRequest& request, Handshake& handshake, bool webSocket) const;
    /// Asks the core's origin policy; logs a refused origin once (per origin, every 10 minutes).
    bool originAllowed(const HttpRequest& request);
    void handlePacket(const EngineSessionPtr& session, const EngineIoPacket& packet);
    void flushPoll(EngineSession& session);
    /// A long-polling session whose queue passed maxQueuedBytes: emptied, silenced, closed soon.
    void dropSlowPoller(EngineSession& session);
    void transportChanged() { ++_transportEpoch; }
    void sweep();
    /// Puts the session's heartbeat timer at its next due time (ping, pong
    /// deadline or connect deadline) and keeps the loop's one timer armed.
    void scheduleHeartbeat(EngineSession& session);
    void heartbeatDue(EngineSession& session, std::int64_t now);
    void armWheel();
    void onWheelTimer();
    std::string openPacket(const std::string& sid, bool webSocket) const;
    static void sendError(const HttpResponder& responder, int status, int code, const std::string& message);

    PluginContext& _context;
    ChatConfig _config;
    ProtocolLimits _limits;
    EngineListener* _listener = nullptr;
    std::recursive_mutex _mutex;  // recursive: SDK hooks run under it and may emit
    std::unordered_map<std::string, EngineSessionPtr> _sessions;
    std::atomic<std::size_t> _sessionCount{0};
    std::shared_ptr<TimerHandle> _sweepTimer;
    /// Every session's heartbeat, driven by one timer on the loop (_wheelTimer,
    /// armed for the wheel's next due slot at _wheelArmedFor).
    TimerWheel _wheel;
    std::shared_ptr<TimerHandle> _wheelTimer;
    std::int64_t _wheelArmedFor = 0;  ///< 0: not armed
    /// Counts changes of any session's transport (WebSocket opened, upgrade
    /// ended, closed): an EngineAudience prepared before one is rebuilt.
    std::uint64_t _transportEpoch = 0;
    bool _stopped = false;
    std::mutex _originLogMutex;
    std::unordered_map<std::string, std::int64_t> _originLogged;  ///< origin -> when it was logged (steady ms)
};

}  // namespace sockstream::chat
