#include "ChatHub.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include <Poco/Logger.h>

#include "ChatStore.h"
#include "EngineIoServer.h"
#include "logic/MessageText.h"
#include "protocol/ProtocolError.h"
#include "sockstream/events/RoomEvents.h"
#include "sockstream/metrics/Metrics.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/rooms/Rooms.h"
#include "sockstream/util/Random.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::chat {

namespace {

constexpr std::size_t kMaxIdBytes = 128;
constexpr std::int64_t kMaxMuteSeconds = 7 * 24 * 3600;

std::int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::optional<std::string> stringField(const nlohmann::json& object, const char* key, std::size_t maxBytes = kMaxIdBytes) {
    if (!object.is_object()) return std::nullopt;
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    const auto& value = it->get_ref<const std::string&>();
    if (value.empty() || value.size() > maxBytes) return std::nullopt;
    return value;
}

/// Unix milliseconds as ISO 8601 UTC with milliseconds, as the REST API writes times.
std::string isoTime(std::int64_t millis) {
    const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    char out[48];
    std::snprintf(out, sizeof out, "%s.%03dZ", date, static_cast<int>(millis % 1000));
    return out;
}

std::string engineMessage(const std::string& socketIoText) {
    std::string out;
    out.reserve(socketIoText.size() + 1);
    out.push_back('4');
    out += socketIoText;
    return out;
}

}  // namespace

ChatHub::ChatHub(PluginContext& context, const ChatConfig& config, EngineIoServer& server, ChatStore& store)
    : _context(context), _config(config), _server(server), _store(store),
      _rateLimiter(config.rateLimitMessages, config.rateLimitWindowMs),
      _eventLimits(config.eventLimitPerSocket, config.eventLimitPerAddress, config.eventLimitWindowMs),
      _relay(context.cluster()) {
    _limits.maxPayloadBytes = config.maxPayload;
    _pacing.writesPerSecond = config.fanOutWritesPerSecond;
    _pacing.maxDelay = std::chrono::milliseconds(config.maxFanOutDelayMs);
    for (const auto& channel : context.rooms().channels()) _channels.insert(channel.id);
    _refusedEvents = &context.metrics().counter("chat_events_rate_limited_total",
                                                "Chat events refused by the per-connection and per-address limits");
}

void ChatHub::subscribeEvents() {
    std::weak_ptr<ChatHub> weak = weak_from_this();
    auto& bus = _context.events();
    // Publishers may hold their own locks: do the work on our side of the scheduler.
    auto later = [this, weak](std::function<void(ChatHub&)> work) {
        _context.scheduler().post([weak, work = std::move(work)] {
            if (auto self = weak.lock()) {
                std::lock_guard lock(self->_server.mutex());
                work(*self);
            }
        });
    };
    // Every room:* event has one shape (docs/chat-events.md): rooms travel as { roomId, channelId, room }.
    _subscriptions.push_back(bus.subscribe<RoomCreated>([later](const RoomCreated& e) {
        later([room = e.room](ChatHub& hub) {
            hub.broadcastToChannel(room.channelId, "room:created",
                                   {{"roomId", room.id}, {"channelId", room.channelId}, {"room", hub.roomJson(room, 0)}});
        });
    }));
    _subscriptions.push_back(bus.subscribe<RoomUpdated>([later](const RoomUpdated& e) {
        later([room = e.room](ChatHub& hub) {
            hub.broadcastToChannel(room.channelId, "room:updated",
                                   {{"roomId", room.id},
                                    {"channelId", room.channelId},
                                    {"room", hub.roomJson(room, hub.totalViewers(room.id))}});
        });
    }));
    _subscriptions.push_back(bus.subscribe<RoomDeleted>([later](const RoomDeleted& e) {
        later([roomId = e.roomId, channelId = e.channelId](ChatHub& hub) {
            hub.broadcastToChannel(channelId, "room:deleted", {{"roomId", roomId}, {"channelId", channelId}});
            hub.forgetRoom(roomId);
            hub._store.removeRoom(roomId);
        });
    }));
    _subscriptions.push_back(bus.subscribe<StreamStarted>([later](const StreamStarted& e) {
        later([roomId = e.roomId, channelId = e.channelId, resumed = e.resumed](ChatHub& hub) {
            hub._liveRooms.insert(roomId);
            hub.broadcastToChannel(channelId, "room:status", roomStatus(roomId, channelId, BroadcastState::Live,
                                                                        resumed ? "resumed" : "started"));
        });
    }));
    _subscriptions.push_back(bus.subscribe<StreamInterrupted>([later](const StreamInterrupted& e) {
        later([roomId = e.roomId, channelId = e.channelId](ChatHub& hub) {
            hub._liveRooms.erase(roomId);
            hub.broadcastToChannel(channelId, "room:status",
                                   roomStatus(roomId, channelId, BroadcastState::Reconnecting, "encoder_lost"));
        });
    }));
    _subscriptions.push_back(bus.subscribe<StreamEnded>([later](const StreamEnded& e) {
        later([roomId = e.roomId, channelId = e.channelId, reason = e.reason](ChatHub& hub) {
            hub._liveRooms.erase(roomId);
            hub.broadcastToChannel(channelId, "room:status", roomStatus(roomId, channelId, BroadcastState::Offline, reason));
        });
    }));
    _subscriptions.push_back(bus.subscribe<StreamHealthUpdated>([later](const StreamHealthUpdated& e) {
        later([roomId = e.roomId, recipients = e.recipientUserIds, health = e.healthJson](ChatHub& hub) {
            hub.forwardHealth(roomId, recipients, health);
        });
    }));
}

void ChatHub::subscribeCluster() {
    if (!_relay.enabled()) return;
    std::weak_ptr<ChatHub> weak = weak_from_this();
    // Every relayed message is handled like a local event: under the server's mutex.
    auto onMessage = [this, weak](const char* channel, std::function<void(ChatHub&, const std::string&)> handle) {
        _clusterSubscriptions.push_back(_relay.cluster().subscribe(channel, [weak, handle](const std::string& payload) {
            if (auto self = weak.lock()) {
                std::lock_guard lock(self->_server.mutex());
                handle(*self, payload);
            }
        }));
    };
    onMessage(ChatRelay::kRoomChannel, [](ChatHub& hub, const std::string& payload) {
        if (auto emit = ChatRelay::decodeEmit(payload)) hub.broadcastToRoom(emit->target, emit->event, emit->argument);
    });
    onMessage(ChatRelay::kChannelChannel, [](ChatHub& hub, const std::string& payload) {
        if (auto emit = ChatRelay::decodeEmit(payload)) hub.broadcastToChannel(emit->target, emit->event, emit->argument);
    });
    onMessage(ChatRelay::kMuteChannel, [](ChatHub& hub, const std::string& payload) {
        auto mute = ChatRelay::decodeMute(payload);
        if (!mute) return;
        const std::string key = mute->roomId + '\n' + mute->userId;
        if (mute->untilMs == 0) hub._mutedUntil.erase(key);
        else hub._mutedUntil[key] = mute->untilMs;
    });
    onMessage(ChatRelay::kViewersChannel, [](ChatHub& hub, const std::string& payload) {
        hub.remoteViewersChanged(hub._relay.acceptViewers(payload, wallMs()));
    });
}

void ChatHub::remoteViewersChanged(const std::set<std::string>& roomIds) {
    for (const auto& roomId : roomIds) {
        if (auto room = _rooms.find(roomId); room != _rooms.end()) room->second.dirty = true;
        _remoteChanged.insert(roomId);
    }
}

void ChatHub::shareViewerCounts(std::int64_t nowMs, bool changed) {
    if (!_relay.enabled() || (!changed && nowMs - _lastViewerShare < ChatRelay::kViewersTtlMs / 4)) return;
    _lastViewerShare = nowMs;
    std::map<std::string, int> counts;
    for (const auto& [roomId, state] : _rooms)
        if (!state.members.empty()) counts.emplace(roomId, static_cast<int>(state.members.size()));
    _relay.shareViewers(counts);
}

int ChatHub::totalViewers(const std::string& roomId) const {
    auto room = _rooms.find(roomId);
    const int local = room == _rooms.end() ? 0 : static_cast<int>(room->second.members.size());
    return local + _relay.remoteViewers(roomId);
}

void ChatHub::shareWithRoom(const std::string& roomId, std::string_view event, const nlohmann::json& argument) {
    broadcastToRoom(roomId, event, argument);
    _relay.shareRoomEmit(roomId, event, argument);
}

void ChatHub::shareWithChannel(const std::string& channelId, std::string_view event, const nlohmann::json& argument) {
    broadcastToChannel(channelId, event, argument);
    _relay.shareChannelEmit(channelId, event, argument);
}

void ChatHub::stop() {
    for (auto id : _subscriptions) _context.events().unsubscribe(id);
    _subscriptions.clear();
    for (auto id : _clusterSubscriptions) _relay.cluster().unsubscribe(id);
    _clusterSubscriptions.clear();
    // The other servers stop counting our members now rather than after the TTL.
    _relay.shareViewers({});
    std::lock_guard lock(_server.mutex());
    _eventHooks.clear();
    _filters.clear();
    for (auto& [roomId, room] : _rooms)
        if (room.flushTimer) room.flushTimer->cancel();
    _rooms.clear();
    _channelMembers.clear();
}

// ---- Socket.IO packets -------------------------------------------------------

void ChatHub::onMessage(const EngineSessionPtr& session, std::string_view data, bool binary) {
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

void ChatHub::handlePacket(const EngineSessionPtr& session, SocketIoPacket& packet) {
    const std::string channelId = packet.nsp.size() > 1 ? packet.nsp.substr(1) : std::string();
    NamespaceSocket* socket = channelId.empty() ? nullptr : session->socketFor(channelId);
    switch (packet.type) {
    case SocketIoType::Connect:
        // Like socket.io: a second CONNECT to the same namespace is a broken client.
        if (socket) return _server.closeSession(session, "duplicate CONNECT");
        return connectNamespace(session, packet);
    case SocketIoType::Disconnect:
        if (!socket) return _server.closeSession(session, "DISCONNECT from an unknown namespace");
        return removeSocket(*session, channelId);
    case SocketIoType::Event:
    case SocketIoType::BinaryEvent:
        if (!socket) return _server.closeSession(session, "EVENT to an unknown namespace");
        return dispatchEvent(session, *socket, packet);
    case SocketIoType::Ack:
    case SocketIoType::BinaryAck:
        // The server never asks clients for acknowledgements.
        if (!socket) return _server.closeSession(session, "ACK to an unknown namespace");
        return;
    case SocketIoType::ConnectError:
        return _server.closeSession(session, "CONNECT_ERROR from a client");
    }
}

void ChatHub::connectNamespace(const EngineSessionPtr& session, const SocketIoPacket& packet) {
    const std::string channelId = packet.nsp.size() > 1 ? packet.nsp.substr(1) : std::string();
    if (channelId.empty() || !_channels.count(channelId)) {
        SocketIoPacket error{SocketIoType::ConnectError, packet.nsp, std::nullopt, {{"message", "Invalid namespace"}}, {}};
        _server.sendText(*session, engineMessage(SocketIoEncoder::encode(std::move(error)).text));
        return;
    }
    NamespaceSocket socket;
    socket.channelId = channelId;
    socket.sid = secureRandomToken(15);
    session->connectDeadline = 0;
    SocketIoPacket connected{SocketIoType::Connect, packet.nsp, std::nullopt, {{"sid", socket.sid}}, {}};
    session->sockets.push_back(std::move(socket));
    _channelMembers[channelId].insert(session.get());
    _server.sendText(*session, engineMessage(SocketIoEncoder::encode(std::move(connected)).text));
}

void ChatHub::dispatchEvent(const EngineSessionPtr& session, NamespaceSocket& socket, SocketIoPacket& packet) {
    const std::string& name = packet.eventName();
    static const nlohmann::json kNone;
    const nlohmann::json& argument = packet.data.size() > 1 ? packet.data[1] : kNone;
    // chat:send has its own limit per user (rateLimitMessages); every other
    // event may cost a database read or a plugin's work.
    if (name != "chat:send" && !admitEvent(session, socket, packet.id)) return;
    if (name == "room:join") return joinRoom(session, socket, argument, packet.id);
    if (name == "room:leave") {
        const auto roomId = stringField(argument, "roomId");
        if (roomId) leaveRoom(*session, socket, *roomId);
        if (roomId) ack(session, socket.channelId, packet.id, {{"ok", true}});
        else ackError(session, socket.channelId, packet.id, "invalid_request", "roomId is required");
        return;
    }
    if (name == "chat:send") return sendMessage(session, socket, argument, packet.id);
    if (name == "chat:delete" || name == "chat:mute") return moderate(session, socket, name, argument, packet.id);
    customEvent(session, socket, packet);
}

bool ChatHub::admitEvent(const EngineSessionPtr& session, const NamespaceSocket& socket, std::optional<std::uint64_t> ackId) {
    const auto verdict = _eventLimits.admit(session->sid, session->address, EngineIoServer::nowMs());
    if (verdict == EventLimits::Verdict::Allowed) return true;
    _refusedEvents->increment();
    if (verdict == EventLimits::Verdict::Ignored) {
        _server.closeSession(session, "kept sending events past the rate limit");
        return false;
    }
    if (verdict == EventLimits::Verdict::AddressLimited && _limitedAddresses.insert(session->address).second)
        _context.logger().warning("chat: address " + session->address + " is over the event limit (" +
                                  std::to_string(_config.eventLimitPerAddress) + " per " +
                                  std::to_string(_config.eventLimitWindowMs / 1000) +
                                  " s, config eventLimitPerAddress); its events are refused until it slows down");
    ackError(session, socket.channelId, ackId, "rate_limited",
             "Too many requests; wait " + std::to_string(_config.eventLimitWindowMs / 1000) + " seconds and try again.");
    return false;
}

void ChatHub::customEvent(const EngineSessionPtr& session, NamespaceSocket& socket, SocketIoPacket& packet) {
    const std::string& name = packet.eventName();
    std::vector<ChatEventHandler> handlers;
    for (const auto& [id, hook] : _eventHooks)
        if (hook.event == name) handlers.push_back(hook.handler);
    if (handlers.empty()) {
        ackError(session, socket.channelId, packet.id, "unknown_event", "no handler for this event");
        return;
    }
    ChatEventSource source{socket.channelId, socket.sid, session->user ? std::optional<ChatUser>(*session->user) : std::nullopt};
    nlohmann::json arguments(packet.data.begin() + 1, packet.data.end());
    const std::string argumentsJson = arguments.dump();
    ChatAck reply;
    if (packet.id) {
        std::weak_ptr<ChatHub> weakHub = weak_from_this();
        std::weak_ptr<EngineSession> weakSession = session;
        auto answered = std::make_shared<std::atomic<bool>>(false);
        reply = [weakHub, weakSession, channelId = socket.channelId, id = packet.id, answered](std::string jsonValue) {
            if (answered->exchange(true)) return;
            auto hub = weakHub.lock();
            if (!hub) return;
            auto value = nlohmann::json::parse(jsonValue, nullptr, false);
            if (value.is_discarded()) value = nullptr;
            std::lock_guard lock(hub->_server.mutex());
            hub->ack(weakSession, channelId, id, value);
        };
    }
    for (auto& handler : handlers) {
        try {
            handler(source, argumentsJson, reply);
        } catch (const std::exception& e) {
            _context.logger().warning("chat: event handler for " + name + " failed: " + e.what());
        }
    }
}

// ---- rooms -------------------------------------------------------------------

void ChatHub::joinRoom(const EngineSessionPtr& session, NamespaceSocket& socket, const nlohmann::json& argument,
                       std::optional<std::uint64_t> ackId) {
    const auto roomId = stringField(argument, "roomId");
    if (!roomId) return ackError(session, socket.channelId, ackId, "invalid_request", "roomId is required");
    std::weak_ptr<ChatHub> weakHub = weak_from_this();
    std::weak_ptr<EngineSession> weakSession = session;
    const std::string channelId = socket.channelId;
    _context.scheduler().postBlocking([weakHub, weakSession, channelId, roomId = *roomId, ackId] {
        auto hub = weakHub.lock();
        if (!hub) return;
        std::optional<Room> room;
        std::vector<ChatMessage> history;
        bool failed = false;
        try {
            room = hub->_context.rooms().findRoom(roomId);
            if (room && room->channelId == channelId) history = hub->_store.loadHistory(roomId, hub->_config.historySize);
        } catch (const std::exception& e) {
            failed = true;
            hub->_context.logger().error(std::string("chat: joining a room failed: ") + e.what());
        }
        std::lock_guard lock(hub->_server.mutex());
        auto session = weakSession.lock();
        if (!session || session->closed) return;
        NamespaceSocket* socket = session->socketFor(channelId);
        if (!socket) return;
        if (failed) return hub->ackError(session, channelId, ackId, "internal_error", "try again later");
        if (!room || room->channelId != channelId)
            return hub->ackError(session, channelId, ackId, "room_not_found", "no such room in this channel");
        if (std::find(socket->rooms.begin(), socket->rooms.end(), roomId) == socket->rooms.end()) socket->rooms.push_back(roomId);
        RoomState& state = hub->_rooms[roomId];
        state.channelId = channelId;
        hub->flushRoom(state);  // what was broadcast before this join is in the history sent below
        state.members.insert(session.get());
        state.dirty = true;
        const int viewers = hub->totalViewers(roomId);
        nlohmann::json messages = nlohmann::json::array();
        for (const auto& m : history) messages.push_back(messageJson(m));
        const bool live = room->live || hub->_liveRooms.count(roomId) > 0;
        hub->ack(session, channelId, ackId,
                 {{"room", hub->roomJson(*room, viewers)}, {"live", live}, {"viewers", viewers}, {"history", std::move(messages)}});
    });
}

void ChatHub::leaveRoom(EngineSession& session, NamespaceSocket& socket, const std::string& roomId) {
    auto it = std::find(socket.rooms.begin(), socket.rooms.end(), roomId);
    if (it == socket.rooms.end()) return;
    socket.rooms.erase(it);
    auto room = _rooms.find(roomId);
    if (room == _rooms.end()) return;
    flushRoom(room->second);
    room->second.members.erase(&session);
    room->second.dirty = true;
}

void ChatHub::removeSocket(EngineSession& session, const std::string& channelId) {
    auto it = std::find_if(session.sockets.begin(), session.sockets.end(),
                           [&](const NamespaceSocket& s) { return s.channelId == channelId; });
    if (it == session.sockets.end()) return;
    while (!it->rooms.empty()) leaveRoom(session, *it, it->rooms.back());
    auto members = _channelMembers.find(channelId);
    if (members != _channelMembers.end()) members->second.erase(&session);
    session.sockets.erase(it);
}

void ChatHub::onSessionClosed(EngineSession& session) {
    while (!session.sockets.empty()) removeSocket(session, session.sockets.back().channelId);
}

void ChatHub::forgetRoom(const std::string& roomId) {
    auto room = _rooms.find(roomId);
    if (room != _rooms.end()) {
        flushRoom(room->second);  // broadcast before the room went
        for (EngineSession* member : room->second.members)
            for (auto& socket : member->sockets)
                socket.rooms.erase(std::remove(socket.rooms.begin(), socket.rooms.end(), roomId), socket.rooms.end());
        _rooms.erase(room);
    }
    _liveRooms.erase(roomId);
    const std::string prefix = roomId + '\n';
    std::erase_if(_mutedUntil, [&](const auto& entry) { return entry.first.rfind(prefix, 0) == 0; });
}

void ChatHub::onTick(std::int64_t nowMs) {
    remoteViewersChanged(_relay.expireViewers(wallMs()));
    bool localChange = false;
    std::vector<std::pair<std::string, int>> counts;
    for (auto it = _rooms.begin(); it != _rooms.end();) {
        RoomState& state = it->second;
        const int local = static_cast<int>(state.members.size());
        const int count = local + _relay.remoteViewers(it->first);
        localChange = localChange || state.dirty;
        if (state.dirty && count != state.reported) {
            state.reported = count;
            broadcastToRoom(it->first, "room:viewers", {{"roomId", it->first}, {"count", count}});
            counts.emplace_back(it->first, count);
        }
        _remoteChanged.erase(it->first);
        state.dirty = false;
        if (local == 0) it = _rooms.erase(it);
        else ++it;
    }
    // Rooms watched only on other servers: keep this server's room list right too.
    for (const auto& roomId : _remoteChanged) counts.emplace_back(roomId, _relay.remoteViewers(roomId));
    _remoteChanged.clear();
    shareViewerCounts(wallMs(), localChange);
    if (!counts.empty()) {
        std::weak_ptr<ChatHub> weak = weak_from_this();
        _context.scheduler().postBlocking([weak, counts = std::move(counts)] {
            if (auto hub = weak.lock())
                for (const auto& [roomId, count] : counts) hub->_context.rooms().setViewerCount(roomId, count);
        });
    }
    if (nowMs - _lastPrune >= 60'000) {
        _lastPrune = nowMs;
        _rateLimiter.prune(nowMs);
        _eventLimits.prune(nowMs);
        _limitedAddresses.clear();
        const std::int64_t now = wallMs();
        std::erase_if(_mutedUntil, [&](const auto& entry) { return entry.second <= now; });
    }
}

// ---- messages ----------------------------------------------------------------

void ChatHub::sendMessage(const EngineSessionPtr& session, NamespaceSocket& socket, const nlohmann::json& argument,
                          std::optional<std::uint64_t> ackId) {
    const std::string& channelId = socket.channelId;
    if (!session->user) return ackError(session, channelId, ackId, "unauthorized", "sign in to chat");
    const auto roomId = stringField(argument, "roomId");
    const auto text = stringField(argument, "text", _config.maxPayload);
    if (!roomId || !argument.contains("text") || !argument["text"].is_string())
        return ackError(session, channelId, ackId, "invalid_request", "roomId and text are required");
    if (std::find(socket.rooms.begin(), socket.rooms.end(), *roomId) == socket.rooms.end())
        return ackError(session, channelId, ackId, "not_in_room", "join the room first");
    const std::string& rawText = argument["text"].get_ref<const std::string&>();
    const auto normalized = MessageText::normalize(rawText, _config.maxMessageLength);
    if (!normalized && MessageText::hasBidiControl(rawText))
        return ackError(session, channelId, ackId, "invalid_text",
                        "text must not contain bidi controls (U+202A to U+202E, U+2066 to U+2069): they make a "
                        "message display other words than it holds");
    if (!normalized)
        return ackError(session, channelId, ackId, "invalid_text",
                        "text must be 1 to " + std::to_string(_config.maxMessageLength) +
                            " characters of valid UTF-8, without control characters but newline and tab");
    const ChatUser& user = *session->user;
    auto muted = _mutedUntil.find(*roomId + '\n' + user.id);
    if (muted != _mutedUntil.end() && muted->second > wallMs())
        return ackError(session, channelId, ackId, "muted", "you are muted in this room");
    if (!_rateLimiter.tryAcquire(user.id, EngineIoServer::nowMs()))
        return ackError(session, channelId, ackId, "rate_limited", "too many messages; wait a little");

    ChatMessage message{secureRandomToken(12), *roomId, user, *normalized, wallMs()};
    if (auto refused = applyFilters(message)) return ackError(session, channelId, ackId, *refused, "message refused");
    const std::string id = message.id;
    // The room sees it now; the sender's ok waits for the commit, so an ok
    // means the message is in history even if the server dies next.
    std::weak_ptr<EngineSession> weakSession = session;
    acceptMessage(std::move(message), [this, weakSession, channelId, ackId, id](bool stored) {
        if (stored) return ack(weakSession, channelId, ackId, {{"ok", true}, {"id", id}});
        ackError(weakSession, channelId, ackId, "not_saved", "Your message could not be saved; try again.");
    });
}

std::optional<std::string> ChatHub::applyFilters(ChatMessage& message) {
    for (auto& [id, filter] : _filters) {
        try {
            if (auto refused = filter(message)) return refused->empty() ? std::string("refused") : *refused;
        } catch (const std::exception& e) {
            _context.logger().warning(std::string("chat: message filter failed: ") + e.what());
            return std::string("refused");
        }
    }
    auto normalized = MessageText::normalize(message.text, _config.maxMessageLength);
    if (!normalized) return std::string("invalid_text");
    message.text = std::move(*normalized);
    return std::nullopt;
}

void ChatHub::acceptMessage(ChatMessage message, std::function<void(bool stored)> stored) {
    // Members get the message now; history gets it with the next commit, which
    // ChatStore shares between the messages of a few milliseconds (and makes
    // before the plugin stops). ChatStore logs and reports a failed commit.
    shareWithRoom(message.roomId, "chat:message", messageJson(message));
    std::weak_ptr<ChatHub> weak = weak_from_this();
    std::string roomId = message.roomId;
    std::string id = message.id;
    _store.append(std::move(message), [weak, roomId = std::move(roomId), id = std::move(id),
                                       stored = std::move(stored)](bool ok) {
        auto hub = weak.lock();
        if (!hub) return;
        std::lock_guard lock(hub->_server.mutex());
        // Not in history: members should not keep seeing what a reload loses.
        if (!ok) hub->shareWithRoom(roomId, "chat:deleted", {{"roomId", roomId}, {"messageId", id}});
        if (stored) stored(ok);
    });
}

void ChatHub::moderate(const EngineSessionPtr& session, NamespaceSocket& socket, const std::string& action,
                       const nlohmann::json& argument, std::optional<std::uint64_t> ackId) {
    const std::string channelId = socket.channelId;
    if (!session->user) return ackError(session, channelId, ackId, "unauthorized", "sign in first");
    const auto roomId = stringField(argument, "roomId");
    const auto target = stringField(argument, action == "chat:delete" ? "messageId" : "userId");
    std::int64_t seconds = 0;
    if (action == "chat:mute") {
        auto it = argument.is_object() ? argument.find("seconds") : argument.end();
        if (it == argument.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > kMaxMuteSeconds)
            return ackError(session, channelId, ackId, "invalid_request", "seconds must be 0 to 604800");
        seconds = it->get<std::int64_t>();
    }
    if (!roomId || !target) return ackError(session, channelId, ackId, "invalid_request", "missing roomId or target");
    std::weak_ptr<ChatHub> weakHub = weak_from_this();
    std::weak_ptr<EngineSession> weakSession = session;
    const std::string userId = session->user->id;
    _context.scheduler().postBlocking([weakHub, weakSession, channelId, action, roomId = *roomId, target = *target, seconds, userId, ackId] {
        auto hub = weakHub.lock();
        if (!hub) return;
        bool allowed = false;
        std::optional<Room> room;
        try {
            room = hub->_context.rooms().findRoom(roomId);
            allowed = room && room->channelId == channelId && hub->_context.rooms().isOwnerOrAdmin(roomId, userId);
        } catch (const std::exception& e) {
            hub->_context.logger().error(std::string("chat: moderation check failed: ") + e.what());
        }
        std::lock_guard lock(hub->_server.mutex());
        if (!room) return hub->ackError(weakSession, channelId, ackId, "room_not_found", "no such room");
        if (!allowed) return hub->ackError(weakSession, channelId, ackId, "forbidden", "only the room's owner may moderate");
        if (action == "chat:mute") {
            const std::string key = roomId + '\n' + target;
            const std::int64_t until = seconds == 0 ? 0 : wallMs() + seconds * 1000;
            if (until == 0) hub->_mutedUntil.erase(key);
            else hub->_mutedUntil[key] = until;
            hub->_relay.shareMute({roomId, target, until});
            return hub->ack(weakSession, channelId, ackId, {{"ok", true}});
        }
        hub->_store.removeMessage(roomId, target, [weakHub, weakSession, channelId, roomId, target, ackId](bool removed) {
            auto hub = weakHub.lock();
            if (!hub) return;
            std::lock_guard lock(hub->_server.mutex());
            if (removed) hub->shareWithRoom(roomId, "chat:deleted", {{"roomId", roomId}, {"messageId", target}});
            if (removed) hub->ack(weakSession, channelId, ackId, {{"ok", true}});
            else hub->ackError(weakSession, channelId, ackId, "internal_error", "the message could not be deleted");
        });
    });
}

// ---- sending -----------------------------------------------------------------

void ChatHub::ack(const std::weak_ptr<EngineSession>& weakSession, const std::string& channelId,
                  std::optional<std::uint64_t> ackId, const nlohmann::json& value) {
    if (!ackId) return;
    auto session = weakSession.lock();
    if (!session || session->closed || !session->socketFor(channelId)) return;
    SocketIoPacket packet{SocketIoType::Ack, nspOf(channelId), ackId, nlohmann::json::array({value}), {}};
    _server.sendText(*session, engineMessage(SocketIoEncoder::encode(std::move(packet)).text));
}

void ChatHub::ackError(const std::weak_ptr<EngineSession>& session, const std::string& channelId,
                       std::optional<std::uint64_t> ackId, const std::string& code, const std::string& message) {
    // The same error shape as the HTTP API's, so the web app reads one kind.
    ack(session, channelId, ackId, {{"error", {{"code", code}, {"message", message}}}});
}

void ChatHub::broadcastToRoom(const std::string& roomId, std::string_view event, const nlohmann::json& argument) {
    auto room = _rooms.find(roomId);
    if (room == _rooms.end() || room->second.members.empty()) return;
    RoomState& state = room->second;
    auto text = std::make_shared<const std::string>(
        engineMessage(SocketIoEncoder::encodeEvent(nspOf(state.channelId), event, argument)));
    const auto offer = state.outbox.offer(text, _pacing.spacing(state.members.size()), RoomOutbox::Clock::now());
    if (offer.sendNow) return _server.sendSharedToAll(state.members, text);
    if (offer.flushIn) scheduleFlush(roomId, state, *offer.flushIn);
}

void ChatHub::flushRoom(RoomState& room) {
    if (!room.outbox.holding()) return;
    if (room.flushTimer) room.flushTimer->cancel();
    room.flushTimer.reset();
    _server.sendSharedToAll(room.members, room.outbox.take(RoomOutbox::Clock::now()));
}

void ChatHub::scheduleFlush(const std::string& roomId, RoomState& room, RoomOutbox::Clock::duration delay) {
    std::weak_ptr<ChatHub> weak = weak_from_this();
    room.flushTimer = _context.scheduler().after(std::chrono::ceil<std::chrono::milliseconds>(delay), [weak, roomId] {
        auto hub = weak.lock();
        if (!hub) return;
        std::lock_guard lock(hub->_server.mutex());
        // Gone (no members left, or deleted) means flushed already.
        auto room = hub->_rooms.find(roomId);
        if (room != hub->_rooms.end()) hub->flushRoom(room->second);
    });
}

void ChatHub::broadcastToChannel(const std::string& channelId, std::string_view event, const nlohmann::json& argument) {
    auto members = _channelMembers.find(channelId);
    if (members == _channelMembers.end() || members->second.empty()) return;
    const auto text =
        std::make_shared<const std::string>(engineMessage(SocketIoEncoder::encodeEvent(nspOf(channelId), event, argument)));
    _server.sendSharedToAll(members->second, text);
}

nlohmann::json ChatHub::roomStatus(const std::string& roomId, const std::string& channelId, BroadcastState state,
                                   const std::string& reason) {
    return {{"roomId", roomId},
            {"channelId", channelId},
            {"live", state == BroadcastState::Live},
            {"state", broadcastStateName(state)},
            {"reason", reason}};
}

void ChatHub::forwardHealth(const std::string& roomId, const std::vector<std::string>& recipients,
                            const std::string& healthJson) {
    // Only to the owner's and admins' sockets that joined the room: health names the encoder.
    auto room = _rooms.find(roomId);
    if (room == _rooms.end() || room->second.members.empty()) return;
    auto health = nlohmann::json::parse(healthJson, nullptr, false);
    if (health.is_discarded()) return;
    std::string text;
    for (EngineSession* member : room->second.members) {
        if (!member->user || std::find(recipients.begin(), recipients.end(), member->user->id) == recipients.end())
            continue;
        if (text.empty())
            text = engineMessage(SocketIoEncoder::encodeEvent(nspOf(room->second.channelId), "room:health",
                                                              {{"roomId", roomId}, {"health", std::move(health)}}));
        _server.sendText(*member, text);
    }
}

nlohmann::json ChatHub::roomJson(const Room& room, int viewers) const {
    // The same shape as the REST API's rooms, so the web app reads one kind of room.
    const BroadcastState state = _liveRooms.count(room.id) > 0 ? BroadcastState::Live : room.state;
    return {{"id", room.id},
            {"channelId", room.channelId},
            {"title", room.title},
            {"description", room.description},
            {"owner", {{"id", room.ownerId}, {"name", room.ownerName}}},
            {"live", room.live || state == BroadcastState::Live},
            {"state", broadcastStateName(room.live ? BroadcastState::Live : state)},
            {"viewers", viewers},
            {"createdAt", isoTime(room.createdAt)},
            {"updatedAt", isoTime(room.updatedAt)},
            {"playbackUrl", "/hls/" + room.id + "/index.m3u8"},
            {"thumbnailUrl", "/api/rooms/" + room.id + "/thumbnail.jpg"}};
}

nlohmann::json ChatHub::messageJson(const ChatMessage& m) {
    return {{"id", m.id}, {"roomId", m.roomId}, {"user", {{"id", m.user.id}, {"name", m.user.name}}}, {"text", m.text}, {"ts", m.ts}};
}

// ---- ChatService -------------------------------------------------------------

ChatHookId ChatHub::addEventHandler(const std::string& event, ChatEventHandler handler) {
    if (event.rfind("room:", 0) == 0 || event.rfind("chat:", 0) == 0 || isReservedEventName(event))
        throw std::invalid_argument("chat: event name reserved: " + event);
    std::lock_guard lock(_server.mutex());
    const ChatHookId id = _nextHook++;
    _eventHooks.emplace(id, EventHook{event, std::move(handler)});
    return id;
}

ChatHookId ChatHub::addMessageFilter(ChatMessageFilter filter) {
    std::lock_guard lock(_server.mutex());
    const ChatHookId id = _nextHook++;
    _filters.emplace(id, std::move(filter));
    return id;
}

void ChatHub::removeHook(ChatHookId id) {
    std::lock_guard lock(_server.mutex());
    _eventHooks.erase(id);
    _filters.erase(id);
}

void ChatHub::emitToRoom(const std::string& roomId, const std::string& event, const std::string& argumentJson) {
    auto argument = nlohmann::json::parse(argumentJson, nullptr, false);
    if (argument.is_discarded()) throw std::invalid_argument("chat: emitToRoom needs a JSON argument");
    std::lock_guard lock(_server.mutex());
    shareWithRoom(roomId, event, argument);
}

void ChatHub::emitToChannel(const std::string& channelId, const std::string& event, const std::string& argumentJson) {
    auto argument = nlohmann::json::parse(argumentJson, nullptr, false);
    if (argument.is_discarded()) throw std::invalid_argument("chat: emitToChannel needs a JSON argument");
    std::lock_guard lock(_server.mutex());
    shareWithChannel(channelId, event, argument);
}

bool ChatHub::postMessage(const std::string& roomId, const ChatUser& author, const std::string& text) {
    std::lock_guard lock(_server.mutex());
    ChatMessage message{secureRandomToken(12), roomId, author, text, wallMs()};
    if (applyFilters(message)) return false;
    acceptMessage(std::move(message), {});
    return true;
}

void ChatHub::deleteMessage(const std::string& roomId, const std::string& messageId) {
    std::weak_ptr<ChatHub> weak = weak_from_this();
    _store.removeMessage(roomId, messageId, [weak, roomId, messageId](bool removed) {
        auto hub = weak.lock();
        if (!hub || !removed) return;
        std::lock_guard lock(hub->_server.mutex());
        hub->shareWithRoom(roomId, "chat:deleted", {{"roomId", roomId}, {"messageId", messageId}});
    });
}

int ChatHub::viewerCount(const std::string& roomId) const {
    std::lock_guard lock(_server.mutex());
    return totalViewers(roomId);
}

}  // namespace sockstream::chat
