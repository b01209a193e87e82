#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engineio/TimerWheel.h"
#include "protocol/EngineIoPacket.h"
#include "protocol/SocketIoPacket.h"
#include "sockstream/chat/ChatService.h"
#include "sockstream/http/HttpResponder.h"
#include "sockstream/http/WebSocket.h"

namespace sockstream::chat {

/// A packet waiting for the next long-polling GET: engine text (type digit
/// included) or the raw bytes of a binary message.
struct QueuedPacket {
    std::string data;
    bool binary = false;
};

/// A socket connected to one namespace (= channel) of a session.
struct NamespaceSocket {
    std::string channelId;
    std::string sid;
    std::vector<std::string> rooms;  ///< ids of the rooms joined through this socket
};

struct EngineSession;

/// A session's heartbeat on the EngineIoServer's TimerWheel: it comes due at
/// the session's next ping, its pong deadline or its connect deadline.
struct SessionTimer : WheelTimer {
    EngineSession* session = nullptr;
};

/// One Engine.IO connection. Kept small: 10,000 of them should cost a few MiB.
/// Every field is guarded by the EngineIoServer's mutex.
struct EngineSession {
    std::string sid;
    std::shared_ptr<const ChatUser> user;            ///< nullptr: anonymous, read-only
    std::string signInSessionId;                     ///< the core's session behind `user` (see SignInCheck)
    std::int64_t signInExpiresAt = 0;                ///< when that session expires (Unix ms), checked before it acts
    bool signedOutUnanswered = false;                ///< its session ended; its next action is refused with signed_out
    std::string viewerId;                            ///< the browser's anonymous viewer id (cookie), or empty
    /// Set when the page's Origin is refused by the core's origin policy:
    /// every CONNECT is answered CONNECT_ERROR in words naming it.
    std::unique_ptr<const std::string> refusedOrigin;
    std::string address;                             ///< the peer's IP, for per-address limits
    std::shared_ptr<WebSocketConnection> webSocket;  ///< set once the session runs over WebSocket
    std::optional<HttpResponder> heldPoll;           ///< a long-polling GET waiting for packets
    std::vector<QueuedPacket> pollQueue;
    std::size_t pollQueueBytes = 0;
    std::int64_t nextPingAt = 0;
    std::int64_t pongDeadline = 0;     ///< 0 while no ping is outstanding
    std::int64_t connectDeadline = 0;  ///< 0 once a namespace was joined
    SessionTimer heartbeat;
    bool closed = false;
    bool upgrading = false;
    std::unique_ptr<SocketIoDecoder> decoder;
    std::vector<NamespaceSocket> sockets;

    EngineSession() { heartbeat.session = this; }
    EngineSession(const EngineSession&) = delete;
    EngineSession& operator=(const EngineSession&) = delete;

    NamespaceSocket* socketFor(const std::string& channelId) {
        for (auto& s : sockets)
            if (s.channelId == channelId) return &s;
        return nullptr;
    }
};

using EngineSessionPtr = std::shared_ptr<EngineSession>;

}  // namespace sockstream::chat
