#include "socketio/PluginNamespaces.h"

#include <stdexcept>

#include <Poco/Logger.h>

#include "engineio/EngineIoServer.h"
#include "socketio/ChatPayloadWire.h"
#include "socketio/SocketIoServer.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/util/Random.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::chat {

namespace {

constexpr std::size_t kMaxNamespaceName = 64;
constexpr std::size_t kMaxRoomName = 128;

void checkRoom(const std::string& room) {
    if (room.empty() || room.size() > kMaxRoomName)
        throw std::invalid_argument("chat: a namespace room's name must be 1 to 128 bytes");
}

ChatPayload errorPayload(const ChatRefusal& refusal) {
    nlohmann::json error = {{"code", "refused"}, {"message", refusal.message}};
    if (!refusal.dataJson.empty()) {
        auto data = nlohmann::json::parse(refusal.dataJson, nullptr, false);
        if (!data.is_discarded()) error["data"] = std::move(data);
    }
    return ChatPayload{nlohmann::json::array({{{"error", std::move(error)}}}).dump(), {}};
}

}  // namespace

PluginNamespaces::PluginNamespaces(PluginContext& context, const ChatConfig& config, const ProtocolLimits& limits,
                                   EngineIoServer& server, SocketIoServer& sockets, std::recursive_mutex& mutex,
                                   std::weak_ptr<const void> owner)
    : _context(context), _config(config), _limits(limits), _server(server), _sockets(sockets), _mutex(mutex),
      _owner(std::move(owner)),
      _eventLimits(config.eventLimitPerSocket, config.eventLimitPerAddress, config.eventLimitWindowMs) {}

PluginNamespaces::~PluginNamespaces() = default;

bool PluginNamespaces::validName(const std::string& nsp) {
    if (nsp == "/") return true;
    if (nsp.size() < 2 || nsp.size() > kMaxNamespaceName + 1 || nsp.front() != '/') return false;
    for (std::size_t i = 1; i < nsp.size(); ++i) {
        const char c = nsp[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

void PluginNamespaces::add(ChatHookId id, const std::string& nsp, ChatNamespaceHooks hooks) {
    if (!validName(nsp))
        throw std::invalid_argument("chat: namespace \"" + nsp + "\" must be \"/\" or \"/\" and 1 to 64 of A-Z a-z 0-9 _ -");
    if (_sockets.isChannel(nsp.substr(1)))
        throw std::invalid_argument("chat: namespace " + nsp + " is the chat's own (the channel " + nsp.substr(1) + ")");
    if (serves(nsp)) throw std::invalid_argument("chat: namespace " + nsp + " is already served by a plugin");
    Namespace space;
    space.id = id;
    space.hooks = std::move(hooks);
    _namespaces.emplace(nsp, std::move(space));
}

void PluginNamespaces::addConnectMiddleware(ChatHookId id, const std::string& nsp, ChatConnectMiddleware middleware) {
    if (!validName(nsp)) throw std::invalid_argument("chat: invalid namespace name \"" + nsp + "\"");
    _middleware.push_back(Middleware{id, nsp, std::move(middleware), {}});
}

void PluginNamespaces::addEventMiddleware(ChatHookId id, const std::string& nsp, ChatEventMiddleware middleware) {
    if (!validName(nsp)) throw std::invalid_argument("chat: invalid namespace name \"" + nsp + "\"");
    _middleware.push_back(Middleware{id, nsp, {}, std::move(middleware)});
}

void PluginNamespaces::remove(ChatHookId id) {
    std::erase_if(_middleware, [id](const Middleware& m) { return m.id == id; });
    for (auto it = _namespaces.begin(); it != _namespaces.end(); ++it) {
        if (it->second.id != id) continue;
        const std::string nsp = it->first;
        std::vector<std::string> socketIds;
        for (const auto& [socketId, member] : it->second.members) socketIds.push_back(socketId);
        for (const auto& socketId : socketIds) disconnect(nsp, socketId);
        _namespaces.erase(nsp);
        return;
    }
}

PluginNamespaces::Member* PluginNamespaces::find(const std::string& nsp, const std::string& socketId) {
    auto space = _namespaces.find(nsp);
    if (space == _namespaces.end()) return nullptr;
    auto member = space->second.members.find(socketId);
    return member == space->second.members.end() ? nullptr : &member->second;
}

void PluginNamespaces::send(EngineSession& session, const SocketIoEncoder::Encoded& encoded) {
    _server.sendText(session, SocketIoServer::engineMessage(encoded.text));
    for (const auto& bytes : encoded.attachments) _server.sendBinary(session, bytes);
}

void PluginNamespaces::deliver(EngineAudience& audience, const SocketIoEncoder::Encoded& encoded) {
    if (audience.empty()) return;
    if (encoded.attachments.empty()) {
        // The common case shares one buffer among the WebSocket members, as the chat's broadcasts do.
        _server.sendSharedToAll(audience, std::make_shared<const std::string>(SocketIoServer::engineMessage(encoded.text)));
        return;
    }
    // A header and its attachments must reach each session in order, with
    // nothing between them: sent one session at a time.
    for (EngineSession* session : audience) send(*session, encoded);
}

void PluginNamespaces::connect(const EngineSessionPtr& session, const SocketIoPacket& packet) {
    ChatSocket info;
    info.nsp = packet.nsp;
    info.id = secureRandomToken(15);
    if (packet.data.is_object()) info.authJson = packet.data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (session->user) info.user = *session->user;
    info.address = session->address;
    // Copies: a middleware may add or remove hooks while it runs.
    std::vector<ChatConnectMiddleware> middleware;
    for (const auto& m : _middleware)
        if (m.nsp == packet.nsp && m.connect) middleware.push_back(m.connect);
    for (const auto& check : middleware) {
        std::optional<ChatRefusal> refusal;
        try {
            refusal = check(info);
        } catch (const std::exception& e) {
            logHookFailure("connect middleware of " + packet.nsp, e);
            refusal = ChatRefusal{"Server error", ""};
        }
        if (refusal) {
            nlohmann::json error = {{"message", refusal->message}};
            if (!refusal->dataJson.empty()) {
                auto data = nlohmann::json::parse(refusal->dataJson, nullptr, false);
                if (!data.is_discarded()) error["data"] = std::move(data);
            }
            return _sockets.refuseConnect(*session, packet.nsp, std::move(error));
        }
    }
    auto space = _namespaces.find(packet.nsp);
    if (space == _namespaces.end() || session->closed)
        return _sockets.refuseConnect(*session, packet.nsp, {{"message", "Invalid namespace"}});
    NamespaceSocket socket;
    socket.channelId = packet.nsp.substr(1);
    socket.sid = info.id;
    session->connectDeadline = 0;
    session->sockets.push_back(std::move(socket));
    space->second.all.insert(session.get());
    space->second.members.emplace(info.id, Member{session.get(), info, {}, 0});
    SocketIoPacket connected{SocketIoType::Connect, packet.nsp, std::nullopt, {{"sid", info.id}}, {}};
    send(*session, SocketIoEncoder::encode(std::move(connected)));
    if (auto hook = space->second.hooks.onConnect) {
        try {
            hook(info);
        } catch (const std::exception& e) {
            logHookFailure("onConnect of " + packet.nsp, e);
        }
    }
}

void PluginNamespaces::onEvent(const EngineSessionPtr& session, NamespaceSocket& socket, SocketIoPacket& packet) {
    const std::string nsp = SocketIoServer::nspOf(socket.channelId);
    Member* member = find(nsp, socket.sid);
    if (!member) return;
    const auto verdict = _eventLimits.admit(session->sid, session->address, EngineIoServer::nowMs());
    if (verdict == EventLimits::Verdict::Ignored) return _sockets.closeSession(session, "kept sending events past the rate limit");
    if (verdict != EventLimits::Verdict::Allowed) {
        if (packet.id)
            send(*session, ChatPayloadWire::encodeAck(nsp, *packet.id,
                                                      ChatPayload{nlohmann::json::array({{{"error", {{"code", "rate_limited"}, {"message", "Too many requests; wait " + std::to_string(_config.eventLimitWindowMs / 1000) + " seconds and try again."}}}}}).dump(), {}}));
        return;
    }
    const std::string event = packet.eventName();
    const ChatPayload args = ChatPayloadWire::fromEvent(packet);
    const ChatSocket info = member->info;
    std::vector<ChatEventMiddleware> middleware;
    for (const auto& m : _middleware)
        if (m.nsp == nsp && m.event) middleware.push_back(m.event);
    for (const auto& check : middleware) {
        std::optional<ChatRefusal> refusal;
        try {
            refusal = check(info, event, args);
        } catch (const std::exception& e) {
            logHookFailure("event middleware of " + nsp, e);
            refusal = ChatRefusal{"Server error", ""};
        }
        if (refusal) return answerRefused(*session, nsp, packet.id, *refusal);
    }
    auto space = _namespaces.find(nsp);
    if (space == _namespaces.end() || !space->second.hooks.onEvent) return;
    ChatReply reply;
    if (packet.id) {
        std::weak_ptr<EngineSession> weakSession = session;
        auto answered = std::make_shared<bool>(false);
        reply = [this, owner = _owner, weakSession, nsp, socketId = socket.sid, id = *packet.id,
                 answered](ChatPayload answer) {
            auto alive = owner.lock();
            if (!alive) return;
            // Encoded (and checked) before the lock: a bad payload throws to the caller.
            const auto encoded = ChatPayloadWire::encodeAck(nsp, id, answer);
            std::lock_guard lock(_mutex);
            if (*answered) return;
            *answered = true;
            auto session = weakSession.lock();
            if (!session || session->closed || !find(nsp, socketId)) return;
            send(*session, encoded);
        };
    }
    auto handler = space->second.hooks.onEvent;
    try {
        handler(info, event, args, std::move(reply));
    } catch (const std::exception& e) {
        logHookFailure("onEvent(" + event + ") of " + nsp, e);
    }
}

void PluginNamespaces::answerRefused(EngineSession& session, const std::string& nsp, std::optional<std::uint64_t> ackId,
                                     const ChatRefusal& refusal) {
    if (ackId) send(session, ChatPayloadWire::encodeAck(nsp, *ackId, errorPayload(refusal)));
}

void PluginNamespaces::onAck(NamespaceSocket& socket, SocketIoPacket& packet) {
    if (!packet.id) return;
    auto pending = _pendingAcks.find({socket.sid, *packet.id});
    // socket.io ignores an ack nobody waits for (late, or made up).
    if (pending == _pendingAcks.end()) return;
    auto callback = std::move(pending->second.callback);
    if (pending->second.timer) pending->second.timer->cancel();
    _pendingAcks.erase(pending);
    try {
        callback(ChatPayloadWire::fromAck(packet));
    } catch (const std::exception& e) {
        logHookFailure("ack callback", e);
    }
}

void PluginNamespaces::onSocketClosing(NamespaceSocket& socket, const std::string& reason) {
    const std::string nsp = SocketIoServer::nspOf(socket.channelId);
    auto space = _namespaces.find(nsp);
    if (space == _namespaces.end()) return;
    auto member = space->second.members.find(socket.sid);
    if (member == space->second.members.end()) return;
    EngineSession* session = member->second.session;
    for (const auto& room : member->second.rooms) {
        auto audience = space->second.rooms.find(room);
        if (audience == space->second.rooms.end()) continue;
        audience->second.erase(session);
        if (audience->second.empty()) space->second.rooms.erase(audience);
    }
    space->second.all.erase(session);
    const ChatSocket info = std::move(member->second.info);
    space->second.members.erase(member);
    failPendingAcks(socket.sid);
    if (auto hook = space->second.hooks.onDisconnect) {
        try {
            hook(info, reason);
        } catch (const std::exception& e) {
            logHookFailure("onDisconnect of " + nsp, e);
        }
    }
}

void PluginNamespaces::failPendingAcks(const std::string& socketId) {
    std::vector<ChatAckCallback> callbacks;
    for (auto it = _pendingAcks.lower_bound({socketId, 0}); it != _pendingAcks.end() && it->first.first == socketId;) {
        if (it->second.timer) it->second.timer->cancel();
        callbacks.push_back(std::move(it->second.callback));
        it = _pendingAcks.erase(it);
    }
    for (auto& callback : callbacks) {
        try {
            callback(std::nullopt);
        } catch (const std::exception& e) {
            logHookFailure("ack callback", e);
        }
    }
}

void PluginNamespaces::ackTimedOut(const std::string& socketId, std::uint64_t ackId) {
    auto pending = _pendingAcks.find({socketId, ackId});
    if (pending == _pendingAcks.end()) return;
    auto callback = std::move(pending->second.callback);
    _pendingAcks.erase(pending);
    try {
        callback(std::nullopt);
    } catch (const std::exception& e) {
        logHookFailure("ack callback", e);
    }
}

bool PluginNamespaces::emitToSocket(const std::string& nsp, const std::string& socketId, const std::string& event,
                                    const ChatPayload& args,
                                    std::optional<std::pair<std::chrono::milliseconds, ChatAckCallback>> ack) {
    Member* member = find(nsp, socketId);
    if (!member) {
        ChatPayloadWire::arguments(args);  // a bad payload is the caller's bug either way
        return false;
    }
    std::optional<std::uint64_t> ackId;
    if (ack) ackId = member->nextAckId;
    const auto encoded = ChatPayloadWire::encodeEvent(nsp, event, args, ackId);
    if (ack) {
        ++member->nextAckId;
        auto timer = _context.scheduler().after(ack->first, [this, owner = _owner, socketId, id = *ackId] {
            auto alive = owner.lock();
            if (!alive) return;
            std::lock_guard lock(_mutex);
            ackTimedOut(socketId, id);
        });
        _pendingAcks.emplace(std::make_pair(socketId, *ackId), PendingAck{std::move(ack->second), std::move(timer)});
    }
    send(*member->session, encoded);
    return true;
}

void PluginNamespaces::deliverLocally(const std::string& nsp, const std::optional<std::string>& room,
                                      const std::string& event, const ChatPayload& args) {
    auto space = _namespaces.find(nsp);
    if (space == _namespaces.end()) return;
    EngineAudience* audience = &space->second.all;
    if (room) {
        auto found = space->second.rooms.find(*room);
        if (found == space->second.rooms.end()) return;
        audience = &found->second;
    }
    deliver(*audience, ChatPayloadWire::encodeEvent(nsp, event, args));
}

void PluginNamespaces::shareWithCluster(const std::string& nsp, const std::optional<std::string>& room,
                                        const std::string& event, const ChatPayload& args) {
    if (!_context.cluster().enabled()) return;
    _context.cluster().publish(kClusterChannel, ChatPayloadWire::encodeBroadcast({nsp, room, event, args}));
}

void PluginNamespaces::emitToRoom(const std::string& nsp, const std::string& room, const std::string& event,
                                  const ChatPayload& args) {
    if (!validName(nsp)) throw std::invalid_argument("chat: invalid namespace name \"" + nsp + "\"");
    checkRoom(room);
    ChatPayloadWire::encodeEvent(nsp, event, args);  // checks the payload even where nobody listens
    deliverLocally(nsp, room, event, args);
    shareWithCluster(nsp, room, event, args);
}

void PluginNamespaces::emitToNamespace(const std::string& nsp, const std::string& event, const ChatPayload& args) {
    if (!validName(nsp)) throw std::invalid_argument("chat: invalid namespace name \"" + nsp + "\"");
    ChatPayloadWire::encodeEvent(nsp, event, args);
    deliverLocally(nsp, std::nullopt, event, args);
    shareWithCluster(nsp, std::nullopt, event, args);
}

bool PluginNamespaces::join(const std::string& nsp, const std::string& socketId, const std::string& room) {
    checkRoom(room);
    Member* member = find(nsp, socketId);
    if (!member) return false;
    if (member->rooms.insert(room).second) _namespaces[nsp].rooms[room].insert(member->session);
    return true;
}

bool PluginNamespaces::leave(const std::string& nsp, const std::string& socketId, const std::string& room) {
    Member* member = find(nsp, socketId);
    if (!member) return false;
    if (member->rooms.erase(room)) {
        auto& rooms = _namespaces[nsp].rooms;
        auto audience = rooms.find(room);
        if (audience != rooms.end()) {
            audience->second.erase(member->session);
            if (audience->second.empty()) rooms.erase(audience);
        }
    }
    return true;
}

bool PluginNamespaces::disconnect(const std::string& nsp, const std::string& socketId) {
    Member* member = find(nsp, socketId);
    if (!member) return false;
    EngineSession& session = *member->session;
    send(session, SocketIoEncoder::encode(SocketIoPacket{SocketIoType::Disconnect, nsp, std::nullopt, {}, {}}));
    _sockets.removeSocket(session, nsp.substr(1), "server namespace disconnect");
    return true;
}

void PluginNamespaces::subscribe() {
    if (!_context.cluster().enabled() || _subscription) return;
    _subscription = _context.cluster().subscribe(kClusterChannel, [this, owner = _owner](const std::string& message) {
        auto alive = owner.lock();
        if (!alive) return;
        auto broadcast = ChatPayloadWire::decodeBroadcast(message, _limits);
        if (!broadcast) return;
        std::lock_guard lock(_mutex);
        try {
            deliverLocally(broadcast->nsp, broadcast->room, broadcast->event, broadcast->args);
        } catch (const std::exception& e) {
            logHookFailure("a namespace emit from another server", e);
        }
    });
}

void PluginNamespaces::unsubscribe() {
    if (_subscription) _context.cluster().unsubscribe(*_subscription);
    _subscription.reset();
}

void PluginNamespaces::clear() {
    for (auto& [key, pending] : _pendingAcks)
        if (pending.timer) pending.timer->cancel();
    _pendingAcks.clear();
    _namespaces.clear();
    _middleware.clear();
}

void PluginNamespaces::onTick(std::int64_t nowMs) {
    if (nowMs - _lastPrune < 60'000) return;
    _lastPrune = nowMs;
    _eventLimits.prune(nowMs);
}

void PluginNamespaces::logHookFailure(const std::string& what, const std::exception& e) {
    _context.logger().warning("chat: " + what + " failed: " + e.what());
}

}  // namespace sockstream::chat
