#include "socketio/SocketIoServer.h"

#include <algorithm>

#include "engineio/EngineIoServer.h"
#include "protocol/ProtocolError.h"
#include "socketio/PluginNamespaces.h"
#include "sockstream/util/Random.h"

namespace sockstream::chat {

SocketIoServer::SocketIoServer(EngineIoServer& server, std::set<std::string> channels, const ProtocolLimits& limits)
    : _server(server), _channels(std::move(channels)), _limits(limits) {}

std::string SocketIoServer::engineMessage(const std::string& socketIoText) {
    std::string out;
    out.reserve(socketIoText.size() + 1);
    out.push_back('4');
    out += socketIoText;
    return out;
}

void SocketIoServer::onMessage(const EngineSessionPtr& session, std::string_view data, bool binary) {
    if (!session->decoder) session->decoder = std::make_unique<SocketIoDecoder>(_limits);
    try {
        auto packet = binary ? session->decoder->addBinary(data) : session->decoder->addText(data);
        // The decoder only has state between a BINARY_* header and its last
        // attachment; idle connections should not keep one.
        if (!session->decoder->awaitingAttachments()) session->decoder.reset();
        if (packet) handlePacket(session, *packet);
    } catch (const ProtocolError& e) {
        _server.closeSession(session, std::string("malformed Socket.IO packet: ") + e.what());
    } catch (const nlohmann::json::exception& e) {
        _server.closeSession(session, std::string("unexpected payload: ") + e.what());
    }
}

void SocketIoServer::handlePacket(const EngineSessionPtr& session, SocketIoPacket& packet) {
    // "/" is the empty channel id: never a channel's, possibly a plugin's.
    const std::string channelId = packet.nsp.size() > 1 ? packet.nsp.substr(1) : std::string();
    NamespaceSocket* socket = session->socketFor(channelId);
    const bool plugin = !isChannel(channelId);
    switch (packet.type) {
    case SocketIoType::Connect:
        // Like socket.io: a second CONNECT to the same namespace is a broken client.
        if (socket) return _server.closeSession(session, "duplicate CONNECT");
        return connectNamespace(session, packet);
    case SocketIoType::Disconnect:
        if (!socket) return _server.closeSession(session, "DISCONNECT from an unknown namespace");
        return removeSocket(*session, channelId, "client namespace disconnect");
    case SocketIoType::Event:
    case SocketIoType::BinaryEvent:
        if (!socket) return _server.closeSession(session, "EVENT to an unknown namespace");
        if (plugin) {
            if (_plugins) _plugins->onEvent(session, *socket, packet);
        } else if (_handler) {
            _handler->onEvent(session, *socket, packet);
        }
        return;
    case SocketIoType::Ack:
    case SocketIoType::BinaryAck:
        // The chat never asks clients for acknowledgements; plugins may.
        if (!socket) return _server.closeSession(session, "ACK to an unknown namespace");
        if (plugin && _plugins) _plugins->onAck(*socket, packet);
        return;
    case SocketIoType::ConnectError:
        return _server.closeSession(session, "CONNECT_ERROR from a client");
    }
}

void SocketIoServer::refuseConnect(EngineSession& session, const std::string& nsp, nlohmann::json error) {
    SocketIoPacket packet{SocketIoType::ConnectError, nsp, std::nullopt, std::move(error), {}};
    _server.sendText(session, engineMessage(SocketIoEncoder::encode(std::move(packet)).text));
}

void SocketIoServer::connectNamespace(const EngineSessionPtr& session, const SocketIoPacket& packet) {
    const std::string channelId = packet.nsp.size() > 1 ? packet.nsp.substr(1) : std::string();
    if (session->refusedOrigin) {
        // socket.io-client makes this connect_error's message (and .data): the page can show it.
        return refuseConnect(*session, packet.nsp,
                             {{"message", EngineIoServer::originRefusal(*session->refusedOrigin)},
                              {"data", {{"code", "origin_refused"}, {"origin", *session->refusedOrigin}}}});
    }
    if (_plugins && _plugins->serves(packet.nsp)) return _plugins->connect(session, packet);
    if (channelId.empty() || !_channels.count(channelId)) return refuseConnect(*session, packet.nsp, {{"message", "Invalid namespace"}});
    NamespaceSocket socket;
    socket.channelId = channelId;
    socket.sid = secureRandomToken(15);
    session->connectDeadline = 0;
    SocketIoPacket connected{SocketIoType::Connect, packet.nsp, std::nullopt, {{"sid", socket.sid}}, {}};
    session->sockets.push_back(std::move(socket));
    _channelMembers[channelId].insert(session.get());
    _server.sendText(*session, engineMessage(SocketIoEncoder::encode(std::move(connected)).text));
    if (auto warning = _pendingWarnings.find(session->sid); warning != _pendingWarnings.end()) {
        emit(*session, channelId, "connection:warning", warning->second);
        _pendingWarnings.erase(warning);
    }
}

void SocketIoServer::removeSocket(EngineSession& session, const std::string& channelId, const std::string& reason) {
    auto it = std::find_if(session.sockets.begin(), session.sockets.end(),
                           [&](const NamespaceSocket& s) { return s.channelId == channelId; });
    if (it == session.sockets.end()) return;
    if (!isChannel(channelId)) {
        NamespaceSocket socket = std::move(*it);
        session.sockets.erase(it);
        if (_plugins) _plugins->onSocketClosing(socket, reason);
        return;
    }
    if (_handler) _handler->onSocketClosing(session, *it);
    auto members = _channelMembers.find(channelId);
    if (members != _channelMembers.end()) members->second.erase(&session);
    session.sockets.erase(it);
}

void SocketIoServer::onSessionClosed(EngineSession& session) {
    _pendingWarnings.erase(session.sid);
    while (!session.sockets.empty()) removeSocket(session, session.sockets.back().channelId, "transport close");
}

std::vector<EngineSessionPtr> SocketIoServer::connectedSessions() const {
    std::unordered_set<const EngineSession*> seen;
    std::vector<EngineSessionPtr> out;
    for (const auto& [channelId, members] : _channelMembers)
        for (EngineSession* session : members)
            if (seen.insert(session).second)
                if (auto owned = _server.findLocked(session->sid)) out.push_back(std::move(owned));
    return out;
}

void SocketIoServer::onTick(std::int64_t nowMs) {
    if (_handler) _handler->onTick(nowMs);
    if (_plugins) _plugins->onTick(nowMs);
}

void SocketIoServer::onWarning(EngineSession& session, const std::string& code, const std::string& message) {
    nlohmann::json warning = {{"code", code}, {"message", message}};
    if (session.sockets.empty()) _pendingWarnings[session.sid] = std::move(warning);
    else emitToSession(session, "connection:warning", warning);
}

void SocketIoServer::ack(const std::weak_ptr<EngineSession>& weakSession, const std::string& channelId,
                         std::optional<std::uint64_t> ackId, const nlohmann::json& value) {
    if (!ackId) return;
    auto session = weakSession.lock();
    if (!session || session->closed || !session->socketFor(channelId)) return;
    SocketIoPacket packet{SocketIoType::Ack, nspOf(channelId), ackId, nlohmann::json::array({value}), {}};
    _server.sendText(*session, engineMessage(SocketIoEncoder::encode(std::move(packet)).text));
}

void SocketIoServer::ackError(const std::weak_ptr<EngineSession>& session, const std::string& channelId,
                              std::optional<std::uint64_t> ackId, const std::string& code, const std::string& message) {
    ack(session, channelId, ackId, {{"error", {{"code", code}, {"message", message}}}});
}

void SocketIoServer::emit(EngineSession& session, const std::string& channelId, std::string_view event,
                          const nlohmann::json& argument) {
    if (session.closed || !session.socketFor(channelId)) return;
    _server.sendText(session, engineMessage(SocketIoEncoder::encodeEvent(nspOf(channelId), event, argument)));
}

void SocketIoServer::emitToSession(EngineSession& session, std::string_view event, const nlohmann::json& argument) {
    for (const auto& socket : session.sockets)
        if (isChannel(socket.channelId)) emit(session, socket.channelId, event, argument);
}

void SocketIoServer::broadcastToChannel(const std::string& channelId, std::string_view event, const nlohmann::json& argument) {
    auto members = _channelMembers.find(channelId);
    if (members == _channelMembers.end() || members->second.empty()) return;
    const auto text =
        std::make_shared<const std::string>(engineMessage(SocketIoEncoder::encodeEvent(nspOf(channelId), event, argument)));
    _server.sendSharedToAll(members->second, text);
}

void SocketIoServer::closeSession(const EngineSessionPtr& session, const std::string& reason) {
    _server.closeSession(session, reason);
}

void SocketIoServer::sendText(EngineSession& session, const std::string& engineText) {
    _server.sendText(session, engineText);
}

}  // namespace sockstream::chat
