#include "logic/RoomNotices.h"

#include <algorithm>

#include "engineio/EngineIoServer.h"
#include "logic/MuteList.h"
#include "logic/WireJson.h"
#include "presence/RoomPresence.h"
#include "relay/ChatRelay.h"
#include "socketio/SocketIoServer.h"
#include "sockstream/events/RoomEvents.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/rooms/Rooms.h"
#include "sockstream/util/Scheduler.h"
#include "store/ChatStore.h"

namespace sockstream::chat {

RoomNotices::RoomNotices(PluginContext& context, SocketIoServer& sockets, RoomPresence& presence, ChatStore& store,
                         MuteList& mutes, ChatRelay& relay, std::recursive_mutex& mutex, std::weak_ptr<const void> owner)
    : _context(context), _sockets(sockets), _presence(presence), _store(store), _mutes(mutes), _relay(relay),
      _mutex(mutex), _owner(std::move(owner)) {}

void RoomNotices::later(std::function<void()> work) {
    // Publishers may hold their own locks: do the work on our side of the scheduler.
    _context.scheduler().post([this, owner = _owner, work = std::move(work)] {
        auto alive = owner.lock();
        if (!alive) return;
        std::lock_guard lock(_mutex);
        work();
    });
}

void RoomNotices::subscribe() {
    auto& bus = _context.events();
    // Every room:* event has one shape (docs/chat-events.md): rooms travel as { roomId, channelId, room }.
    _subscriptions.push_back(bus.subscribe<RoomCreated>([this](const RoomCreated& e) {
        later([this, room = e.room] {
            _sockets.broadcastToChannel(room.channelId, "room:created",
                                        {{"roomId", room.id}, {"channelId", room.channelId},
                                         {"room", roomJson(room, 0, _presence.isLive(room.id), _context.rooms().playback(room.id))}});
        });
    }));
    _subscriptions.push_back(bus.subscribe<RoomUpdated>([this](const RoomUpdated& e) {
        later([this, room = e.room] {
            _sockets.broadcastToChannel(room.channelId, "room:updated",
                                        {{"roomId", room.id},
                                         {"channelId", room.channelId},
                                         {"room", roomJson(room, _presence.totalViewers(room.id), _presence.isLive(room.id),
                                                            _context.rooms().playback(room.id))}});
        });
    }));
    _subscriptions.push_back(bus.subscribe<RoomDeleted>([this](const RoomDeleted& e) {
        later([this, roomId = e.roomId, channelId = e.channelId] {
            _sockets.broadcastToChannel(channelId, "room:deleted", {{"roomId", roomId}, {"channelId", channelId}});
            _presence.forget(roomId);
            _mutes.forgetRoom(roomId);
            _store.removeRoom(roomId);
        });
    }));
    _subscriptions.push_back(bus.subscribe<StreamStarted>([this](const StreamStarted& e) {
        later([this, roomId = e.roomId, channelId = e.channelId, resumed = e.resumed] {
            _presence.setLive(roomId, true);
            _sockets.broadcastToChannel(channelId, "room:status",
                                        roomStatusJson(roomId, channelId, BroadcastState::Live, resumed ? "resumed" : "started"));
        });
    }));
    _subscriptions.push_back(bus.subscribe<StreamInterrupted>([this](const StreamInterrupted& e) {
        later([this, roomId = e.roomId, channelId = e.channelId] {
            _presence.setLive(roomId, false);
            _sockets.broadcastToChannel(channelId, "room:status",
                                        roomStatusJson(roomId, channelId, BroadcastState::Reconnecting, "encoder_lost"));
        });
    }));
    _subscriptions.push_back(bus.subscribe<StreamEnded>([this](const StreamEnded& e) {
        later([this, roomId = e.roomId, channelId = e.channelId, reason = e.reason] {
            _presence.setLive(roomId, false);
            _sockets.broadcastToChannel(channelId, "room:status", roomStatusJson(roomId, channelId, BroadcastState::Offline, reason));
        });
    }));
    _subscriptions.push_back(bus.subscribe<StreamHealthUpdated>([this](const StreamHealthUpdated& e) {
        later([this, roomId = e.roomId, recipients = e.recipientUserIds, healthJson = e.healthJson] {
            auto health = nlohmann::json::parse(healthJson, nullptr, false);
            if (health.is_discarded()) return;
            forwardHealth(roomId, recipients, health);
            // The core publishes health only on the server the stream is on.
            _relay.shareHealth({roomId, recipients, std::move(health)});
        });
    }));
}

void RoomNotices::unsubscribe() {
    for (auto id : _subscriptions) _context.events().unsubscribe(id);
    _subscriptions.clear();
}

void RoomNotices::forwardHealth(const std::string& roomId, const std::vector<std::string>& recipients,
                                const nlohmann::json& health) {
    std::string text;
    _presence.forEachMember(roomId, [&](EngineSession& member) {
        if (!member.user || std::find(recipients.begin(), recipients.end(), member.user->id) == recipients.end()) return;
        const NamespaceSocket* socket = nullptr;
        for (const auto& s : member.sockets)
            if (std::find(s.rooms.begin(), s.rooms.end(), roomId) != s.rooms.end()) socket = &s;
        if (!socket) return;
        if (text.empty())
            text = SocketIoServer::engineMessage(SocketIoEncoder::encodeEvent(
                SocketIoServer::nspOf(socket->channelId), "room:health", {{"roomId", roomId}, {"health", health}}));
        _sockets.sendText(member, text);
    });
}

}  // namespace sockstream::chat
