#include "logic/ChatEvents.h"

#include <algorithm>
#include <atomic>

#include <Poco/Logger.h>

#include "engineio/EngineIoServer.h"
#include "logic/EventArguments.h"
#include "logic/MessagePipeline.h"
#include "logic/Moderation.h"
#include "logic/MuteList.h"
#include "logic/WallClock.h"
#include "logic/WireJson.h"
#include "presence/RoomPresence.h"
#include "socketio/SocketIoServer.h"
#include "sockstream/metrics/Metrics.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/rooms/Rooms.h"
#include "sockstream/util/Scheduler.h"
#include "store/ChatStore.h"

namespace sockstream::chat {

ChatEvents::ChatEvents(PluginContext& context, const ChatConfig& config, ChatStore& store, SocketIoServer& sockets,
                       RoomPresence& presence, MessagePipeline& messages, Moderation& moderation, MuteList& mutes,
                       std::recursive_mutex& mutex, std::weak_ptr<const void> owner)
    : _context(context), _config(config), _store(store), _sockets(sockets), _presence(presence), _messages(messages),
      _moderation(moderation), _mutes(mutes), _mutex(mutex), _owner(std::move(owner)),
      _eventLimits(config.eventLimitPerSocket, config.eventLimitPerAddress, config.eventLimitWindowMs) {
    _refusedEvents = &context.metrics().counter("chat_events_rate_limited_total",
                                                "Chat events refused by the per-connection and per-address limits");
}

void ChatEvents::addHandler(ChatHookId id, std::string event, ChatEventHandler handler) {
    _handlers.emplace(id, EventHook{std::move(event), std::move(handler)});
}

void ChatEvents::onEvent(const EngineSessionPtr& session, NamespaceSocket& socket, SocketIoPacket& packet) {
    const std::string& name = packet.eventName();
    static const nlohmann::json kNone;
    const nlohmann::json& argument = packet.data.size() > 1 ? packet.data[1] : kNone;
    // chat:send has its own limit per user (rateLimitMessages); every other
    // event may cost a database read or a plugin's work.
    if (name != "chat:send" && !admitEvent(session, socket, packet.id)) return;
    if (name == "room:join") return joinRoom(session, socket, argument, packet.id);
    if (name == "room:leave") {
        const auto roomId = stringField(argument, "roomId");
        if (roomId) _presence.leave(*session, socket, *roomId);
        if (roomId) _sockets.ack(session, socket.channelId, packet.id, {{"ok", true}});
        else _sockets.ackError(session, socket.channelId, packet.id, "invalid_request", "roomId is required");
        return;
    }
    if (name == "chat:send") return _messages.send(session, socket, argument, packet.id);
    if (name == "chat:delete" || name == "chat:mute" || name == "chat:unmute" || name == "chat:ban" || name == "chat:unban")
        return _moderation.moderate(session, socket, name, argument, packet.id);
    customEvent(session, socket, packet);
}

bool ChatEvents::admitEvent(const EngineSessionPtr& session, const NamespaceSocket& socket, std::optional<std::uint64_t> ackId) {
    const auto verdict = _eventLimits.admit(session->sid, session->address, EngineIoServer::nowMs());
    if (verdict == EventLimits::Verdict::Allowed) return true;
    _refusedEvents->increment();
    if (verdict == EventLimits::Verdict::Ignored) {
        _sockets.closeSession(session, "kept sending events past the rate limit");
        return false;
    }
    if (verdict == EventLimits::Verdict::AddressLimited && _limitedAddresses.insert(session->address).second)
        _context.logger().warning("chat: address " + session->address + " is over the event limit (" +
                                  std::to_string(_config.eventLimitPerAddress) + " per " +
                                  std::to_string(_config.eventLimitWindowMs / 1000) +
                                  " s, config eventLimitPerAddress); its events are refused until it slows down");
    _sockets.ackError(session, socket.channelId, ackId, "rate_limited",
                      "Too many requests; wait " + std::to_string(_config.eventLimitWindowMs / 1000) +
                          " seconds and try again.");
    return false;
}

void ChatEvents::customEvent(const EngineSessionPtr& session, NamespaceSocket& socket, SocketIoPacket& packet) {
    const std::string& name = packet.eventName();
    std::vector<ChatEventHandler> handlers;
    for (const auto& [id, hook] : _handlers)
        if (hook.event == name) handlers.push_back(hook.handler);
    if (handlers.empty()) {
        _sockets.ackError(session, socket.channelId, packet.id, "unknown_event", "no handler for this event");
        return;
    }
    ChatEventSource source{socket.channelId, socket.sid, session->user ? std::optional<ChatUser>(*session->user) : std::nullopt};
    nlohmann::json arguments(packet.data.begin() + 1, packet.data.end());
    const std::string argumentsJson = arguments.dump();
    ChatAck reply;
    if (packet.id) {
        std::weak_ptr<EngineSession> weakSession = session;
        auto answered = std::make_shared<std::atomic<bool>>(false);
        reply = [this, owner = _owner, weakSession, channelId = socket.channelId, id = packet.id,
                 answered](std::string jsonValue) {
            if (answered->exchange(true)) return;
            auto alive = owner.lock();
            if (!alive) return;
            auto value = nlohmann::json::parse(jsonValue, nullptr, false);
            if (value.is_discarded()) value = nullptr;
            std::lock_guard lock(_mutex);
            _sockets.ack(weakSession, channelId, id, value);
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

void ChatEvents::joinRoom(const EngineSessionPtr& session, NamespaceSocket& socket, const nlohmann::json& argument,
                          std::optional<std::uint64_t> ackId) {
    const auto roomId = stringField(argument, "roomId");
    if (!roomId) return _sockets.ackError(session, socket.channelId, ackId, "invalid_request", "roomId is required");
    std::weak_ptr<EngineSession> weakSession = session;
    const std::string channelId = socket.channelId;
    const std::string userId = session->user ? session->user->id : std::string();
    _context.scheduler().postBlocking([this, owner = _owner, weakSession, channelId, roomId = *roomId, ackId, userId] {
        auto alive = owner.lock();
        if (!alive) return;
        std::optional<Room> room;
        std::vector<ChatMessage> history;
        std::optional<Moderation::LearnedUser> learned;  // for the established-user minimum and staff
        bool failed = false;
        try {
            room = _context.rooms().findRoom(roomId);
            if (room && room->channelId == channelId) history = _store.loadHistory(roomId, _config.historySize);
            if (room && !userId.empty()) learned = _moderation.learnUser(userId);
        } catch (const std::exception& e) {
            failed = true;
            _context.logger().error(std::string("chat: joining a room failed: ") + e.what());
        }
        std::lock_guard lock(_mutex);
        auto session = weakSession.lock();
        if (!session || session->closed) return;
        NamespaceSocket* socket = session->socketFor(channelId);
        if (!socket) return;
        if (failed) return _sockets.ackError(session, channelId, ackId, "internal_error", "try again later");
        if (!room || room->channelId != channelId)
            return _sockets.ackError(session, channelId, ackId, "room_not_found", "no such room in this channel");
        _presence.join(*session, *socket, roomId, room->ownerId);
        const int viewers = _presence.totalViewers(roomId);
        nlohmann::json messages = nlohmann::json::array();
        for (const auto& m : history) messages.push_back(messageJson(m));
        const bool live = room->live || _presence.isLive(roomId);
        _sockets.ack(session, channelId, ackId,
                     {{"room", roomJson(*room, viewers, _presence.isLive(roomId), _context.rooms().playback(roomId))},
                      {"live", live},
                      {"viewers", viewers},
                      {"history", std::move(messages)},
                      {"moderation", _moderation.joined(roomId, room->ownerId, userId, learned)}});
    });
}

void ChatEvents::onSocketClosing(EngineSession& session, NamespaceSocket& socket) {
    while (!socket.rooms.empty()) _presence.leave(session, socket, socket.rooms.back());
}

void ChatEvents::onTick(std::int64_t nowMs) {
    _presence.tick();
    if (nowMs - _lastPrune >= 60'000) {
        _lastPrune = nowMs;
        _messages.prune(nowMs);
        _eventLimits.prune(nowMs);
        _limitedAddresses.clear();
        _mutes.prune(wallMs());
        _moderation.policy().prune(wallMs());
    }
}

}  // namespace sockstream::chat
