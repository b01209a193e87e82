#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "engineio/EngineAudience.h"
#include "engineio/EngineListener.h"
#include "protocol/ProtocolLimits.h"
#include "socketio/SocketIoHandler.h"

namespace sockstream::chat {

class EngineIoServer;
class PluginNamespaces;

/// Socket.IO v5 over Engine.IO sessions: decodes packets, connects sockets to
/// namespaces (one per channel), answers acknowledgements and sends events to
/// one socket or a whole namespace. Knows no chat rules: events go to its
/// SocketIoHandler. Runs with the EngineIoServer's mutex held.
class SocketIoServer : public EngineListener {
public:
    SocketIoServer(EngineIoServer& server, std::set<std::string> channels, const ProtocolLimits& limits);

    void setHandler(SocketIoHandler* handler) { _handler = handler; }
    /// The namespaces of other plugins (every namespace that is not a channel's).
    void setPluginNamespaces(PluginNamespaces* namespaces) { _plugins = namespaces; }
    bool isChannel(const std::string& channelId) const { return _channels.count(channelId) > 0; }

    // EngineListener
    void onMessage(const EngineSessionPtr& session, std::string_view data, bool binary) override;
    void onSessionClosed(EngineSession& session) override;
    void onTick(std::int64_t nowMs) override;
    void onWarning(EngineSession& session, const std::string& code, const std::string& message) override;

    /// Answers the client's acknowledgement `ackId` (if it asked for one) with one value.
    void ack(const std::weak_ptr<EngineSession>& session, const std::string& channelId, std::optional<std::uint64_t> ackId,
             const nlohmann::json& value);
    /// `{ error: { code, message } }`: the same error shape as the HTTP API's.
    void ackError(const std::weak_ptr<EngineSession>& session, const std::string& channelId,
                  std::optional<std::uint64_t> ackId, const std::string& code, const std::string& message);
    /// `event` to the session's socket in `channelId`, if it has one.
    void emit(EngineSession& session, const std::string& channelId, std::string_view event, const nlohmann::json& argument);
    /// `event` to every socket of the session.
    void emitToSession(EngineSession& session, std::string_view event, const nlohmann::json& argument);
    void broadcastToChannel(const std::string& channelId, std::string_view event, const nlohmann::json& argument);
    void closeSession(const EngineSessionPtr& session, const std::string& reason);
    /// An encoded Engine.IO message, shared by several recipients.
    void sendText(EngineSession& session, const std::string& engineText);
    /// Every session with a socket in some namespace, each once.
    std::vector<EngineSessionPtr> connectedSessions() const;
    void clear() {
        _channelMembers.clear();
        _pendingWarnings.clear();
    }

    /// Answers a CONNECT with CONNECT_ERROR carrying `error` ({message, data}).
    void refuseConnect(EngineSession& session, const std::string& nsp, nlohmann::json error);
    /// The socket leaves its namespace; `reason` as socket.io words it
    /// ("client namespace disconnect", "transport close"...).
    void removeSocket(EngineSession& session, const std::string& channelId, const std::string& reason);

    static std::string nspOf(const std::string& channelId) { return "/" + channelId; }
    /// An Engine.IO MESSAGE carrying an encoded Socket.IO packet.
    static std::string engineMessage(const std::string& socketIoText);

private:
    void handlePacket(const EngineSessionPtr& session, SocketIoPacket& packet);
    void connectNamespace(const EngineSessionPtr& session, const SocketIoPacket& packet);

    EngineIoServer& _server;
    std::set<std::string> _channels;
    ProtocolLimits _limits;
    SocketIoHandler* _handler = nullptr;
    PluginNamespaces* _plugins = nullptr;
    std::unordered_map<std::string, EngineAudience> _channelMembers;
    /// Warnings for sessions that had no socket yet (the upgrade can race the first CONNECT), by sid.
    std::unordered_map<std::string, nlohmann::json> _pendingWarnings;
};

}  // namespace sockstream::chat
