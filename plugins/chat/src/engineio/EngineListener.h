#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engineio/EngineSession.h"

namespace sockstream::chat {

/// What the Engine.IO transport hands up to the protocol above it (Socket.IO).
/// Every call runs with the EngineIoServer's mutex held.
class EngineListener {
public:
    virtual ~EngineListener() = default;
    /// One Engine.IO message (type 4) of a session, text or binary.
    virtual void onMessage(const EngineSessionPtr& session, std::string_view data, bool binary) = 0;
    /// The session is closing; it sends nothing more.
    virtual void onSessionClosed(EngineSession& session) = 0;
    /// Once a second, after the heartbeat sweep (steady clock, ms).
    virtual void onTick(std::int64_t nowMs) = 0;
    /// The transport refused something the client cannot see the reason of
    /// (a WebSocket upgrade's 403): tell the session in words over the
    /// transport it still has.
    virtual void onWarning(EngineSession& session, const std::string& code, const std::string& message) = 0;
};

}  // namespace sockstream::chat
