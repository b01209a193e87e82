#include "presence/RoomPresence.h"

#include <algorithm>
#include <map>

#include "engineio/EngineIoServer.h"
#include "logic/WallClock.h"
#include "protocol/SocketIoPacket.h"
#include "relay/ChatRelay.h"
#include "socketio/SocketIoServer.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/rooms/Rooms.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::chat {

RoomPresence::RoomPresence(PluginContext& context, EngineIoServer& server, ChatRelay& relay, FanOutPacing pacing,
                           std::weak_ptr<const void> owner)
    : _context(context), _server(server), _relay(relay), _pacing(pacing), _owner(std::move(owner)) {}

std::string RoomPresence::viewerKey(const EngineSession& session) {
    if (session.user) return "u:" + session.user->id;
    if (!session.viewerId.empty()) return "b:" + session.viewerId;
    return "c:" + session.sid;
}

void RoomPresence::count(RoomState& room, const std::string& key, int delta) {
    auto [it, fresh] = room.viewers.try_emplace(key, 0);
    it->second += delta;
    if (it->second <= 0) room.viewers.erase(it);
    room.dirty = true;
}

int RoomPresence::localViewers(const RoomState& room) {
    const bool ownerHere = !room.ownerId.empty() && room.viewers.count("u:" + room.ownerId) > 0;
    return static_cast<int>(room.viewers.size()) - (ownerHere ? 1 : 0);
}

void RoomPresence::join(EngineSession& session, NamespaceSocket& socket, const std::string& roomId,
                        const std::string& ownerId) {
    RoomState& state = _rooms[roomId];
    state.channelId = socket.channelId;
    if (!ownerId.empty()) state.ownerId = ownerId;
    flush(state);  // what was broadcast before this join is in the history the joiner gets
    state.dirty = true;
    if (std::find(socket.rooms.begin(), socket.rooms.end(), roomId) != socket.rooms.end()) return;  // joined already
    socket.rooms.push_back(roomId);
    state.members.insert(&session);
    count(state, viewerKey(session), +1);
}

void RoomPresence::viewerChanged(EngineSession& session, const std::string& oldKey) {
    const std::string key = viewerKey(session);
    if (key == oldKey) return;
    for (const auto& socket : session.sockets)
        for (const auto& roomId : socket.rooms)
            if (auto room = _rooms.find(roomId); room != _rooms.end()) {
                count(room->second, oldKey, -1);
                count(room->second, key, +1);
            }
}

void RoomPresence::leave(EngineSession& session, NamespaceSocket& socket, const std::string& roomId) {
    auto it = std::find(socket.rooms.begin(), socket.rooms.end(), roomId);
    if (it == socket.rooms.end()) return;
    socket.rooms.erase(it);
    auto room = _rooms.find(roomId);
    if (room == _rooms.end()) return;
    flush(room->second);
    room->second.members.erase(&session);
    count(room->second, viewerKey(session), -1);
}

void RoomPresence::forget(const std::string& roomId) {
    auto room = _rooms.find(roomId);
    if (room != _rooms.end()) {
        flush(room->second);  // broadcast before the room went
        for (EngineSession* member : room->second.members)
            for (auto& socket : member->sockets)
                socket.rooms.erase(std::remove(socket.rooms.begin(), socket.rooms.end(), roomId), socket.rooms.end());
        _rooms.erase(room);
    }
    _liveRooms.erase(roomId);
}

void RoomPresence::clear() {
    for (auto& [roomId, room] : _rooms)
        if (room.flushTimer) room.flushTimer->cancel();
    _rooms.clear();
}

void RoomPresence::broadcast(const std::string& roomId, std::string_view event, const nlohmann::json& argument) {
    auto room = _rooms.find(roomId);
    if (room == _rooms.end() || room->second.members.empty()) return;
    RoomState& state = room->second;
    auto text = std::make_shared<const std::string>(SocketIoServer::engineMessage(
        SocketIoEncoder::encodeEvent(SocketIoServer::nspOf(state.channelId), event, argument)));
    const auto offer = state.outbox.offer(text, _pacing.spacing(state.members.size()), RoomOutbox::Clock::now());
    if (offer.sendNow) return _server.sendSharedToAll(state.members, text);
    if (offer.flushIn) scheduleFlush(roomId, state, *offer.flushIn);
}

void RoomPresence::forEachMember(const std::string& roomId, const std::function<void(EngineSession&)>& visit) const {
    auto room = _rooms.find(roomId);
    if (room == _rooms.end()) return;
    for (EngineSession* member : room->second.members) visit(*member);
}

void RoomPresence::flush(RoomState& room) {
    if (!room.outbox.holding()) return;
    if (room.flushTimer) room.flushTimer->cancel();
    room.flushTimer.reset();
    _server.sendSharedToAll(room.members, room.outbox.take(RoomOutbox::Clock::now()));
}

void RoomPresence::scheduleFlush(const std::string& roomId, RoomState& room, RoomOutbox::Clock::duration delay) {
    room.flushTimer = _context.scheduler().after(std::chrono::ceil<std::chrono::milliseconds>(delay),
                                                 [this, owner = _owner, roomId] {
        auto alive = owner.lock();
        if (!alive) return;
        std::lock_guard lock(_server.mutex());
        // Gone (no members left, or deleted) means flushed already.
        auto room = _rooms.find(roomId);
        if (room != _rooms.end()) flush(room->second);
    });
}

int RoomPresence::totalViewers(const std::string& roomId) const {
    auto room = _rooms.find(roomId);
    const int local = room == _rooms.end() ? 0 : localViewers(room->second);
    return local + _relay.remoteViewers(roomId);
}

void RoomPresence::remoteViewersChanged(const std::set<std::string>& roomIds) {
    for (const auto& roomId : roomIds) {
        if (auto room = _rooms.find(roomId); room != _rooms.end()) room->second.dirty = true;
        _remoteChanged.insert(roomId);
    }
}

void RoomPresence::setLive(const std::string& roomId, bool live) {
    if (live) _liveRooms.insert(roomId);
    else _liveRooms.erase(roomId);
}

void RoomPresence::shareViewerCounts(std::int64_t nowMs, bool changed) {
    if (!_relay.enabled() || (!changed && nowMs - _lastViewerShare < ChatRelay::kViewersTtlMs / 4)) return;
    _lastViewerShare = nowMs;
    std::map<std::string, int> counts;
    for (const auto& [roomId, state] : _rooms)
        if (const int local = localViewers(state); local > 0) counts.emplace(roomId, local);
    _relay.shareViewers(counts);
}

void RoomPresence::tick() {
    remoteViewersChanged(_relay.expireViewers(wallMs()));
    bool localChange = false;
    std::vector<std::pair<std::string, int>> counts;
    for (auto it = _rooms.begin(); it != _rooms.end();) {
        RoomState& state = it->second;
        const int count = localViewers(state) + _relay.remoteViewers(it->first);
        localChange = localChange || state.dirty;
        if (state.dirty && count != state.reported) {
            state.reported = count;
            broadcast(it->first, "room:viewers", {{"roomId", it->first}, {"count", count}});
            counts.emplace_back(it->first, count);
        }
        _remoteChanged.erase(it->first);
        state.dirty = false;
        if (state.members.empty()) it = _rooms.erase(it);
        else ++it;
    }
    // Rooms watched only on other servers: keep this server's room list right too.
    for (const auto& roomId : _remoteChanged) counts.emplace_back(roomId, _relay.remoteViewers(roomId));
    _remoteChanged.clear();
    shareViewerCounts(wallMs(), localChange);
    if (counts.empty()) return;
    _context.scheduler().postBlocking([this, owner = _owner, counts = std::move(counts)] {
        auto alive = owner.lock();
        if (!alive) return;
        for (const auto& [roomId, count] : counts) _context.rooms().setViewerCount(roomId, count);
    });
}

}  // namespace sockstream::chat
