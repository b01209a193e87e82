#include "rooms/RoomsImpl.h"

#include <algorithm>

#include "media/MediaBusImpl.h"
#include "sockstream/events/RoomEvents.h"
#include "sockstream/http/HttpResponse.h"
#include "sockstream/util/Random.h"
#include "util/Text.h"
#include "util/Utf8.h"

namespace sockstream::core {

namespace {
constexpr const char* kBadName = "NetStream.Publish.BadName";
}

RoomsImpl::RoomsImpl(Database& database, std::vector<Channel> channels, RoomsConfig config, std::string streamKeySecret,
                     MediaBusImpl& media, EventBusImpl& events, Poco::Logger& logger,
                     BroadcastLocations* cluster)
    : _store(database),
      _keys(database, std::move(streamKeySecret)),
      _channels(std::move(channels)),
      _config(std::move(config)),
      _media(media),
      _events(events),
      _logger(logger),
      _cluster(cluster) {
    std::stable_sort(_channels.begin(), _channels.end(),
                     [](const Channel& a, const Channel& b) { return a.order < b.order; });
    // Broadcasts another server of the cluster carries are not ours to interrupt.
    auto carriedElsewhere = [this](const std::string& roomId) { return _cluster && _cluster->liveElsewhere(roomId); };
    if (int interrupted = _keys.interruptAllLive(carriedElsewhere); interrupted > 0)
        _logger.notice("rooms: %d broadcast(s) were live when the server stopped; their encoders may reconnect "
                       "within %d s", interrupted, _config.reconnectGraceSeconds);
}

std::vector<Channel> RoomsImpl::channels() const { return _channels; }

std::optional<Channel> RoomsImpl::findChannel(const std::string& channelId) const {
    for (const auto& channel : _channels)
        if (channel.id == channelId) return channel;
    return std::nullopt;
}

Room RoomsImpl::withRuntimeState(Room room) const {
    std::lock_guard lock(_mutex);
    if (auto it = _runtime.find(room.id); it != _runtime.end()) {
        room.live = it->second.live;
        room.viewers = it->second.viewers;
    }
    if (!room.live && _cluster && _cluster->liveElsewhere(room.id)) room.live = true;
    return room;
}

std::optional<Room> RoomsImpl::findRoom(const std::string& roomId) const {
    auto room = _store.find(roomId);
    if (!room) return std::nullopt;
    return withRuntimeState(*room);
}

std::vector<Room> RoomsImpl::listRooms(const std::string& channelId) const {
    std::vector<Room> rooms;
    for (auto& room : _store.listByChannel(channelId)) rooms.push_back(withRuntimeState(std::move(room)));
    std::stable_sort(rooms.begin(), rooms.end(), [](const Room& a, const Room& b) {
        if (a.live != b.live) return a.live;
        if (a.live && a.viewers != b.viewers) return a.viewers > b.viewers;
        return a.updatedAt > b.updatedAt;
    });
    return rooms;
}

int RoomsImpl::liveRoomCount(const std::string& channelId) const {
    int count = 0;
    for (const auto& room : listRooms(channelId)) count += room.live ? 1 : 0;
    return count;
}

bool RoomsImpl::isAdmin(const User& user) const {
    return std::any_of(_config.admins.begin(), _config.admins.end(), [&](const std::string& admin) {
        return admin == user.id || (!user.email.empty() && toLower(admin) == user.email);
    });
}

bool RoomsImpl::isOwnerOrAdmin(const std::string& roomId, const std::string& userId) const {
    auto room = _store.find(roomId);
    if (!room) return false;
    if (room->ownerId == userId) return true;
    if (_config.admins.empty()) return false;
    User user;
    user.id = userId;
    user.email = _store.emailOf(userId).value_or("");
    return isAdmin(user);
}

void RoomsImpl::setViewerCount(const std::string& roomId, int viewers) {
    std::lock_guard lock(_mutex);
    _runtime[roomId].viewers = std::max(0, viewers);
}

PublishDecision RoomsImpl::refuse(const std::string& reason) const {
    PublishDecision decision;
    decision.allowed = false;
    decision.reason = reason;
    decision.statusCode = kBadName;
    return decision;
}

PublishDecision RoomsImpl::authorizePublish(std::string_view streamKey) {
    std::lock_guard serial(_publishMutex);
    auto record = _keys.find(std::string(streamKey));
    if (!record) return refuse("the stream key is not recognised");
    auto room = _store.find(record->roomId);
    if (!room) return refuse("the room of this stream key no longer exists");

    std::int64_t now = nowMillis();
    std::int64_t graceMs = static_cast<std::int64_t>(_config.reconnectGraceSeconds) * 1000;
    PublishDecision decision;
    decision.allowed = true;
    decision.grant.roomId = room->id;
    decision.grant.channelId = room->channelId;
    decision.grant.ownerId = room->ownerId;

    switch (record->state) {
        case KeyState::Revoked:
            return refuse("this stream key was replaced by a newer one");
        case KeyState::Spent:
            return refuse("this stream key was already used for a broadcast that has ended; get a new key");
        case KeyState::Active:
            if (record->expiresAt <= now) return refuse("this stream key has expired; get a new key");
            if (_cluster && _cluster->liveElsewhere(room->id)) return refuse("the room is already live on another server");
            if (_media.hasHealthyPublisher(room->id)) return refuse("the room is already live");
            decision.grant.broadcastId = secureRandomToken(12);
            decision.grant.resumed = false;
            _keys.markLive(record->keyHash, decision.grant.broadcastId);
            return decision;
        case KeyState::Live:
            if (_media.hasHealthyPublisher(room->id)) return refuse("this stream is already publishing");
            if (_cluster && _cluster->liveElsewhere(room->id))
                return refuse("this stream is already publishing to another server");
            // The previous connection went quiet: a reconnecting encoder takes over its own broadcast.
            decision.grant.broadcastId = record->broadcastId;
            decision.grant.resumed = true;
            return decision;
        case KeyState::Interrupted:
            if (now - record->stateChangedAt > graceMs) {
                _keys.setBroadcastState(record->broadcastId, KeyState::Spent);
                return refuse("the reconnect window of this broadcast has passed; get a new key");
            }
            decision.grant.broadcastId = record->broadcastId;
            decision.grant.resumed = true;
            _keys.markLive(record->keyHash, record->broadcastId);
            return decision;
    }
    return refuse("the stream key is not usable");
}

void RoomsImpl::broadcastOpened(const PublishGrant& grant, bool resumed) {
    {
        std::lock_guard lock(_mutex);
        _runtime[grant.roomId].live = true;
    }
    if (_cluster) _cluster->broadcastStarted(grant.roomId);
    StreamStarted event;
    event.roomId = grant.roomId;
    event.channelId = grant.channelId;
    event.broadcastId = grant.broadcastId;
    event.resumed = resumed;
    _events.publish(StreamStarted::kTopic, event);
}

void RoomsImpl::broadcastInterrupted(const PublishGrant& grant) {
    _keys.setBroadcastState(grant.broadcastId, KeyState::Interrupted);
}

void RoomsImpl::broadcastFinished(const PublishGrant& grant) {
    _keys.setBroadcastState(grant.broadcastId, KeyState::Spent);
    goOffline(grant);
}

void RoomsImpl::broadcastSuspended(const PublishGrant& grant) {
    _keys.setBroadcastState(grant.broadcastId, KeyState::Interrupted);
    goOffline(grant);
}

void RoomsImpl::goOffline(const PublishGrant& grant) {
    {
        std::lock_guard lock(_mutex);
        _runtime[grant.roomId].live = false;
    }
    if (_cluster) _cluster->broadcastEnded(grant.roomId);
    StreamEnded event;
    event.roomId = grant.roomId;
    event.channelId = grant.channelId;
    event.broadcastId = grant.broadcastId;
    _events.publish(StreamEnded::kTopic, event);
}

std::optional<Room> RoomsImpl::roomOf(const std::string& userId) {
    auto rooms = _store.listByOwner(userId);
    if (rooms.empty()) return std::nullopt;
    return withRuntimeState(rooms.front());
}

void RoomsImpl::requireChannel(const std::string& channelId) const {
    if (!findChannel(channelId))
        throw HttpError(400, "unknown_channel", "There is no channel \"" + channelId + "\".");
}

std::string RoomsImpl::validTitle(const std::string& input) const {
    std::string title = trim(input);
    auto length = utf8Length(title);
    if (!length) throw HttpError(400, "invalid_title", "The title is not valid UTF-8 text.");
    if (*length == 0) throw HttpError(400, "invalid_title", "The room needs a title.");
    if (*length > _config.titleMaxLength)
        throw HttpError(400, "invalid_title",
                        "The title is too long (at most " + std::to_string(_config.titleMaxLength) + " characters).");
    if (hasControlCharacters(title)) throw HttpError(400, "invalid_title", "The title must be a single line of text.");
    return title;
}

std::string RoomsImpl::validDescription(const std::string& input) const {
    std::string description = trim(input);
    auto length = utf8Length(description);
    if (!length) throw HttpError(400, "invalid_description", "The description is not valid UTF-8 text.");
    if (*length > _config.descriptionMaxLength)
        throw HttpError(400, "invalid_description", "The description is too long (at most " +
                                                        std::to_string(_config.descriptionMaxLength) + " characters).");
    if (hasControlCharacters(description, "\n\t\r"))
        throw HttpError(400, "invalid_description", "The description contains control characters.");
    return description;
}

Room RoomsImpl::createRoom(const User& owner, const std::string& channelId, const std::string& title,
                           const std::string& description) {
    requireChannel(channelId);
    Room room;
    room.channelId = channelId;
    room.ownerId = owner.id;
    room.ownerName = owner.name;
    room.title = validTitle(title);
    room.description = validDescription(description);
    if (_store.countByOwner(owner.id) >= _config.maxRoomsPerUser)
        throw HttpError(409, "room_limit",
                        _config.maxRoomsPerUser == 1 ? "You already have a room." : "You already have the most rooms allowed.");
    room = _store.insert(room);
    _logger.information("rooms: %s created room %s in %s", owner.id, room.id, room.channelId);
    RoomCreated event;
    event.room = room;
    _events.publish(RoomCreated::kTopic, event);
    return room;
}

Room RoomsImpl::requireManageable(const User& actor, const std::string& roomId) {
    auto room = _store.find(roomId);
    if (!room) throw HttpError(404, "room_not_found", "There is no such room.");
    if (room->ownerId != actor.id && !isAdmin(actor))
        throw HttpError(403, "not_room_owner", "Only the room's owner can do that.");
    return withRuntimeState(*room);
}

Room RoomsImpl::updateRoom(const User& actor, const std::string& roomId, const std::optional<std::string>& channelId,
                           const std::optional<std::string>& title, const std::optional<std::string>& description) {
    Room room = requireManageable(actor, roomId);
    std::string previousChannel = room.channelId;
    if (channelId) {
        requireChannel(*channelId);
        room.channelId = *channelId;
    }
    if (title) room.title = validTitle(*title);
    if (description) room.description = validDescription(*description);
    room.updatedAt = nowMillis();
    _store.update(room);
    RoomUpdated event;
    event.room = room;
    _events.publish(RoomUpdated::kTopic, event);
    if (previousChannel != room.channelId) {
        // Viewers of the old channel see the room leave it.
        RoomDeleted moved;
        moved.roomId = room.id;
        moved.channelId = previousChannel;
        _events.publish(RoomDeleted::kTopic, moved);
    }
    return room;
}

void RoomsImpl::deleteRoom(const User& actor, const std::string& roomId) {
    Room room = requireManageable(actor, roomId);
    if (room.live) throw HttpError(409, "room_live", "Stop streaming before deleting the room.");
    _store.remove(roomId);
    {
        std::lock_guard lock(_mutex);
        _runtime.erase(roomId);
    }
    _logger.information("rooms: %s deleted room %s", actor.id, roomId);
    RoomDeleted event;
    event.roomId = roomId;
    event.channelId = room.channelId;
    _events.publish(RoomDeleted::kTopic, event);
}

MintedKey RoomsImpl::mintStreamKey(const User& actor, const std::string& roomId) {
    Room room = requireManageable(actor, roomId);
    // Admins may edit or remove a room, but going live stays the owner's own act.
    if (room.ownerId != actor.id) throw HttpError(403, "not_room_owner", "Only the room's owner can get a stream key.");
    if (_keys.broadcastingKey(roomId))
        throw HttpError(409, "room_live",
                        "The room is live. Stop streaming (and wait for the reconnect window to pass) before getting a new key.");
    MintedKey key = _keys.mint(roomId, static_cast<std::int64_t>(_config.streamKeyTtlSeconds) * 1000);
    _logger.information("rooms: new stream key for room %s (expires in %d s)", roomId, _config.streamKeyTtlSeconds);
    return key;
}

}  // namespace sockstream::core
