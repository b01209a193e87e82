#pragma once

#include <cstdint>

#include "engineio/EngineSession.h"
#include "protocol/SocketIoPacket.h"

namespace sockstream::chat {

/// What the Socket.IO layer hands up to the chat: events of connected
/// sockets, sockets going away, and the periodic tick. Every call runs with
/// the EngineIoServer's mutex held.
class SocketIoHandler {
public:
    virtual ~SocketIoHandler() = default;
    /// An EVENT (or BINARY_EVENT) of a socket connected to its namespace.
    virtual void onEvent(const EngineSessionPtr& session, NamespaceSocket& socket, SocketIoPacket& packet) = 0;
    /// The socket leaves its namespace (DISCONNECT, or its session closed).
    virtual void onSocketClosing(EngineSession& session, NamespaceSocket& socket) = 0;
    virtual void onTick(std::int64_t nowMs) = 0;
};

}  // namespace sockstream::chat
