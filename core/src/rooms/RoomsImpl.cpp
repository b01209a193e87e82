#include "rooms/RoomsImpl.h"

#include <algorithm>
#include <sstream>

#include <Poco/JSON/Stringifier.h>

#include "media/MediaBusImpl.h"
#include "sockstream/events/RoomEvents.h"
#include "sockstream/http/HttpResponse.h"
#include "sockstream/util/Random.h"
#include "sockstream-text/Utf8.h"
#include "util/Text.h"

namespace sockstream::core {

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
    // No connection survives a restart: a publish accepted before it will never open its media.
    if (int released = _keys.expireAuthorisations(nowMillis() + 1); released > 0)
        _logger.notice("rooms: %d stream key(s) were waiting for media when the server stopped; they are usable again",
                       released);
    for (const auto& roomId : _keys.interruptedRooms())
        if (!carriedElsewhere(roomId)) _runtime[roomId].state = BroadcastState::Reconnecting;
    _media.addObserver("core", _health);
    sweep();
}

RoomsImpl::~RoomsImpl() {
    for (auto& timer : _timers) timer->cancel();
}

void RoomsImpl::startTimers(Scheduler& scheduler) {
    // The timers fire on an I/O thread; the work reads the database, so it goes to the workers.
    _timers.push_back(scheduler.every(std::chrono::seconds(std::max(1, _config.keySweepSeconds)), [this, &scheduler] {
        scheduler.postBlocking([this] {
            try {
                sweep();
            } catch (const std::exception& e) {
                _logger.error("rooms: sweeping stream keys failed: %s", std::string(e.what()));
            }
        });
    }));
    _timers.push_back(scheduler.every(std::chrono::seconds(2), [this, &scheduler] {
        scheduler.postBlocking([this] {
            try {
                publishHealth();
            } catch (const std::exception& e) {
                _logger.error("rooms: publishing stream health failed: %s", std::string(e.what()));
            }
        });
    }));
}

std::vector<Channel> RoomsImpl::channels() const { return _channels; }

std::optional<Channel> RoomsImpl::findChannel(const std::string& channelId) const {
    for (const auto& channel : _channels)
        if (channel.id == channelId) return channel;
    return std::nullopt;
}

Room RoomsImpl::withRuntimeState(Room room) const {
    {
        std::lock_guard lock(_mutex);
        if (auto it = _runtime.find(room.id); it != _runtime.end()) {
            room.state = it->second.state;
            room.viewers = it->second.viewers;
        }
    }
    if (room.state != BroadcastState::Live && _cluster && _cluster->liveElsewhere(room.id))
        room.state = BroadcastState::Live;
    room.live = room.state == BroadcastState::Live;
    return room;
}

void RoomsImpl::setState(const std::string& roomId, BroadcastState state) {
    std::lock_guard lock(_mutex);
    _runtime[roomId].state = state;
}

BroadcastState RoomsImpl::stateOf(const std::string& roomId) const {
    std::lock_guard lock(_mutex);
    auto it = _runtime.find(roomId);
    return it == _runtime.end() ? BroadcastState::Offline : it->second.state;
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
    return isAdminUser(userId);
}

bool RoomsImpl::isAdminUser(const std::string& userId) const {
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

std::vector<PlaybackEndpoint> RoomsImpl::playback(const std::string& roomId) const {
    return _endpoints.playbackFor(roomId);
}

std::vector<IngestEndpoint> RoomsImpl::ingest() const { return _endpoints.ingest(); }

void RoomsImpl::setPlaybackAvailability(const std::string& roomId, const std::string& protocol, bool available,
                                        const std::string& reason) {
    _endpoints.setAvailability(roomId, protocol, available, reason);
}

PublishDecision RoomsImpl::refuse(PublishRefusal refusal, const std::string& reason) {
    PublishDecision decision;
    decision.allowed = false;
    decision.refusal = refusal;
    decision.reason = reason;
    return decision;
}

PublishDecision RoomsImpl::grantNewBroadcast(const StreamKeyRecord& record, PublishDecision decision) {
    const std::string& roomId = decision.grant.roomId;
    if (_cluster && _cluster->liveElsewhere(roomId))
        return refuse(PublishRefusal::LiveElsewhere, "the room is already live on another server");
    if (_media.hasHealthyPublisher(roomId)) return refuse(PublishRefusal::RoomBusy, "the room is already live");
    decision.grant.broadcastId = secureRandomToken(12);
    decision.grant.resumed = false;
    // An earlier publish with this key that never sent media is replaced: the latest encoder wins.
    if (!_keys.authorise(record.keyHash, decision.grant.broadcastId))
        return refuse(PublishRefusal::Retry, "the stream key changed while it was being checked; try again");
    return decision;
}

PublishDecision RoomsImpl::authorizePublish(std::string_view streamKey) {
    std::lock_guard serial(_publishMutex);
    auto record = _keys.find(std::string(streamKey));
    if (!record) return refuse(PublishRefusal::UnknownKey, "the stream key is not recognised");
    auto room = _store.find(record->roomId);
    if (!room) return refuse(PublishRefusal::RoomGone, "the room of this stream key no longer exists");

    std::int64_t now = nowMillis();
    std::int64_t graceMs = static_cast<std::int64_t>(_config.reconnectGraceSeconds) * 1000;
    PublishDecision decision;
    decision.allowed = true;
    decision.grant.roomId = room->id;
    decision.grant.channelId = room->channelId;
    decision.grant.ownerId = room->ownerId;

    switch (record->state) {
        case KeyState::Revoked:
            return refuse(PublishRefusal::Revoked,
                          "this stream key was replaced by a newer one or cut off by the room's owner");
        case KeyState::Spent:
            return refuse(PublishRefusal::Spent,
                          "this stream key was already used for a broadcast that has ended; get a new key");
        case KeyState::Active:
            if (record->expiresAt != 0 && record->expiresAt <= now)
                return refuse(PublishRefusal::Expired, "this stream key has expired; get a new key");
            return grantNewBroadcast(*record, decision);
        case KeyState::Authorised:
            return grantNewBroadcast(*record, decision);
        case KeyState::Live:
            if (_media.hasHealthyPublisher(room->id))
                return refuse(PublishRefusal::RoomBusy, "this stream is already publishing");
            if (_cluster && _cluster->liveElsewhere(room->id))
                return refuse(PublishRefusal::LiveElsewhere, "this stream is already publishing to another server");
            // The previous connection went quiet: a reconnecting encoder takes over its own broadcast.
            decision.grant.broadcastId = record->broadcastId;
            decision.grant.resumed = true;
            return decision;
        case KeyState::Interrupted:
            if (now - record->stateChangedAt > graceMs) {
                endRoomBroadcast(room->id, "grace_expired");
                _keys.endBroadcast(record->broadcastId, room->streamKeyMode == kStreamKeyPersistent);
                if (room->streamKeyMode != kStreamKeyPersistent)
                    return refuse(PublishRefusal::GraceExpired,
                                  "the reconnect window of this broadcast has passed; get a new key");
                // A persistent key simply starts the next broadcast.
                auto fresh = _keys.find(std::string(streamKey));
                if (!fresh || fresh->state != KeyState::Active)
                    return refuse(PublishRefusal::Retry, "the stream key changed while it was being checked; try again");
                return grantNewBroadcast(*fresh, decision);
            }
            // Stays interrupted until the media opens: a resume that never sends keeps the window running.
            decision.grant.broadcastId = record->broadcastId;
            decision.grant.resumed = true;
            return decision;
    }
    return refuse(PublishRefusal::Revoked, "the stream key is not usable");
}

bool RoomsImpl::broadcastOpening(const PublishGrant& grant) { return _keys.markLive(grant.broadcastId); }

void RoomsImpl::broadcastOpened(const PublishGrant& grant, bool resumed) {
    setState(grant.roomId, BroadcastState::Live);
    if (_cluster) _cluster->broadcastStarted(grant.roomId);
    StreamStarted event;
    event.roomId = grant.roomId;
    event.channelId = grant.channelId;
    event.broadcastId = grant.broadcastId;
    event.resumed = resumed;
    _events.publish(StreamStarted::kTopic, event);
}

void RoomsImpl::broadcastInterrupted(const PublishGrant& grant) {
    _keys.markInterrupted(grant.broadcastId);
    setState(grant.roomId, BroadcastState::Reconnecting);
    StreamInterrupted event;
    event.roomId = grant.roomId;
    event.channelId = grant.channelId;
    event.broadcastId = grant.broadcastId;
    _events.publish(StreamInterrupted::kTopic, event);
}

bool RoomsImpl::persistentKeys(const std::string& roomId) {
    auto room = _store.find(roomId);
    return room && room->streamKeyMode == kStreamKeyPersistent;
}

void RoomsImpl::broadcastFinished(const PublishGrant& grant, const std::string& reason) {
    _keys.endBroadcast(grant.broadcastId, persistentKeys(grant.roomId));
    goOffline(grant, reason);
}

void RoomsImpl::broadcastSuspended(const PublishGrant& grant) {
    _keys.markInterrupted(grant.broadcastId);
    goOffline(grant, "ended");
}

void RoomsImpl::goOffline(const PublishGrant& grant, const std::string& reason) {
    BroadcastState previous;
    {
        std::lock_guard lock(_mutex);
        auto& runtime = _runtime[grant.roomId];
        previous = runtime.state;
        runtime.state = BroadcastState::Offline;
    }
    if (previous == BroadcastState::Offline) return;  // told already (or never went live)
    if (_cluster) _cluster->broadcastEnded(grant.roomId);
    StreamEnded event;
    event.roomId = grant.roomId;
    event.channelId = grant.channelId;
    event.broadcastId = grant.broadcastId;
    event.reason = reason;
    _events.publish(StreamEnded::kTopic, event);
}

void RoomsImpl::finishWithoutStream(const std::string& roomId, const std::string& broadcastId,
                                    const std::string& reason) {
    auto room = _store.find(roomId);
    PublishGrant grant;
    grant.roomId = roomId;
    grant.channelId = room ? room->channelId : std::string();
    grant.broadcastId = broadcastId;
    if (room) grant.ownerId = room->ownerId;
    broadcastFinished(grant, reason);
}

void RoomsImpl::endRoomBroadcast(const std::string& roomId, const std::string& reason) {
    if (_media.endStream(roomId, reason)) return;  // the bus tells us through broadcastFinished
    auto key = _keys.broadcastingKey(roomId);
    if (key || stateOf(roomId) != BroadcastState::Offline)
        finishWithoutStream(roomId, key ? key->broadcastId : std::string(), reason);
}

void RoomsImpl::sweep() {
    const std::int64_t now = nowMillis();
    const std::int64_t openMs = static_cast<std::int64_t>(_config.publishOpenTimeoutSeconds) * 1000;
    const std::int64_t graceMs = static_cast<std::int64_t>(_config.reconnectGraceSeconds) * 1000;
    auto elsewhere = [this](const std::string& roomId) { return _cluster && _cluster->liveElsewhere(roomId); };

    if (int released = _keys.expireAuthorisations(now - openMs); released > 0)
        _logger.information("rooms: %d stream key(s) were accepted but sent no media within %d s; usable again",
                            released, _config.publishOpenTimeoutSeconds);
    // The bus ends the grace windows it times; these are the ones it does not know (a restart).
    for (const auto& ended : _keys.interruptedSince(now - graceMs)) {
        if (_media.streamState(ended.roomId) != MediaBusImpl::StreamState::None || elsewhere(ended.roomId)) continue;
        _logger.information("rooms: room %s did not reconnect within the grace window", ended.roomId);
        finishWithoutStream(ended.roomId, ended.broadcastId, "grace_expired");
    }
    // A key marked live whose media is on no bus: its encoder is gone, the grace window starts now.
    for (const auto& lost : _keys.liveSince(now - openMs)) {
        if (_media.streamState(lost.roomId) != MediaBusImpl::StreamState::None || elsewhere(lost.roomId)) continue;
        auto room = _store.find(lost.roomId);
        PublishGrant grant;
        grant.roomId = lost.roomId;
        grant.channelId = room ? room->channelId : std::string();
        grant.broadcastId = lost.broadcastId;
        broadcastInterrupted(grant);
    }
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
    auto length = lib::text::utf8Length(title);
    if (!length) throw HttpError(400, "invalid_title", "The title is not valid UTF-8 text.");
    if (*length == 0) throw HttpError(400, "invalid_title", "The room needs a title.");
    if (*length > _config.titleMaxLength)
        throw HttpError(400, "invalid_title",
                        "The title is too long (at most " + std::to_string(_config.titleMaxLength) + " characters).");
    if (lib::text::hasControlCharacters(title)) throw HttpError(400, "invalid_title", "The title must be a single line of text.");
    return title;
}

std::string RoomsImpl::validDescription(const std::string& input) const {
    std::string description = trim(input);
    auto length = lib::text::utf8Length(description);
    if (!length) throw HttpError(400, "invalid_description", "The description is not valid UTF-8 text.");
    if (*length > _config.descriptionMaxLength)
        throw HttpError(400, "invalid_description", "The description is too long (at most " +
                                                        std::to_string(_config.descriptionMaxLength) + " characters).");
    if (lib::text::hasControlCharacters(description, "\n\t\r"))
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
    auto inserted = _store.insert(room, _config.maxRoomsPerUser);
    if (!inserted)
        throw HttpError(409, "room_limit",
                        _config.maxRoomsPerUser == 1 ? "You already have a room." : "You already have the most rooms allowed.");
    room = *inserted;
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
                           const std::optional<std::string>& title, const std::optional<std::string>& description,
                           const std::optional<std::string>& streamKeyMode) {
    Room room = requireManageable(actor, roomId);
    if (streamKeyMode && *streamKeyMode != kStreamKeyPersistent && *streamKeyMode != kStreamKeyPerBroadcast)
        throw HttpError(400, "invalid_stream_key_mode", "streamKeyMode must be \"persistent\" or \"per-broadcast\".");
    std::string previousChannel = room.channelId;
    if (channelId) {
        requireChannel(*channelId);
        room.channelId = *channelId;
    }
    if (title) room.title = validTitle(*title);
    if (description) room.description = validDescription(*description);
    room.updatedAt = nowMillis();
    _store.update(room);
    if (streamKeyMode && *streamKeyMode != room.streamKeyMode) {
        room.streamKeyMode = *streamKeyMode;
        _store.setStreamKeyMode(room.id, room.streamKeyMode);
        // The unused key follows the new rules at once: no expiry, or the per-broadcast one.
        bool persistent = room.streamKeyMode == kStreamKeyPersistent;
        _keys.setActiveKeyExpiry(room.id, persistent ? 0 : room.updatedAt + static_cast<std::int64_t>(_config.streamKeyTtlSeconds) * 1000);
        _logger.information("rooms: room %s now uses %s stream keys", room.id, room.streamKeyMode);
    }
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
    if (room.state != BroadcastState::Offline)
        throw HttpError(409, "room_live", "Stop streaming before deleting the room.");
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
    std::lock_guard serial(_publishMutex);
    // Refused only while media is actually flowing: anything else (an encoder that
    // connected but sent nothing, one that dropped and may come back) is ended by the new key.
    if (_media.hasHealthyPublisher(roomId) || (_cluster && _cluster->liveElsewhere(roomId)))
        throw HttpError(409, "room_live",
                        "The room is live. Stop the broadcast first (in your encoder, or with the stop button), then get a new key.");
    const bool persistent = room.streamKeyMode == kStreamKeyPersistent;
    std::int64_t expiresAt =
        persistent ? 0 : nowMillis() + static_cast<std::int64_t>(_config.streamKeyTtlSeconds) * 1000;
    MintedKey key = _keys.mint(roomId, expiresAt);
    key.mode = room.streamKeyMode;
    endRoomBroadcast(roomId, "ended_by_host");
    if (persistent) _logger.information("rooms: new persistent stream key for room %s", roomId);
    else _logger.information("rooms: new stream key for room %s (expires in %d s)", roomId, _config.streamKeyTtlSeconds);
    return key;
}

std::string RoomsImpl::keyStateFor(const std::string& roomId) {
    auto key = _keys.usableKey(roomId);
    if (!key) return "none";
    switch (key->state) {
        case KeyState::Active: return key->expiresAt != 0 && key->expiresAt <= nowMillis() ? "expired" : "idle";
        case KeyState::Authorised: return "authorised";
        case KeyState::Live: return "live";
        case KeyState::Interrupted: return "interrupted";
        default: return "none";
    }
}

StreamKeyStatus RoomsImpl::streamKeyStatus(const User& actor, const std::string& roomId) {
    Room room = requireManageable(actor, roomId);
    if (room.ownerId != actor.id) throw HttpError(403, "not_room_owner", "Only the room's owner can see its stream key.");
    StreamKeyStatus status;
    status.mode = room.streamKeyMode;
    status.state = keyStateFor(roomId);
    status.hasKey = status.state != "none" && status.state != "expired";
    if (auto key = _keys.usableKey(roomId); key && status.hasKey) status.expiresAt = key->expiresAt;
    return status;
}

void RoomsImpl::stopBroadcast(const User& actor, const std::string& roomId) {
    Room room = requireManageable(actor, roomId);
    std::lock_guard serial(_publishMutex);
    const bool onBus = _media.streamState(roomId) != MediaBusImpl::StreamState::None;
    const auto key = _keys.broadcastingKey(roomId);
    if (!onBus && !key && room.state == BroadcastState::Offline) {
        if (_cluster && _cluster->liveElsewhere(roomId))
            throw HttpError(409, "not_live", "The room is live on another server of the cluster; stop it there.");
        throw HttpError(409, "not_live", "Nothing is being broadcast in this room.");
    }
    // Revoke first: the encoder's reconnect attempts are refused from now on (the key may be leaked).
    int revoked = _keys.revokeRoom(roomId);
    _logger.notice("rooms: %s stopped the broadcast of room %s (%d key(s) revoked)", actor.id, roomId, revoked);
    endRoomBroadcast(roomId, "ended_by_host");
}

std::vector<std::string> RoomsImpl::healthRecipients(const Room& room) {
    std::vector<std::string> ids{room.ownerId};
    for (const auto& id : _store.userIdsOf(_config.admins))
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    return ids;
}

StreamHealthReport RoomsImpl::healthReport(const Room& room) {
    StreamHealthReport report;
    report.state = room.state;
    report.keyState = keyStateFor(room.id);
    report.viewers = room.viewers;
    report.ingest = _health->snapshot(room.id);
    report.warnings = healthWarnings(report.ingest);
    return report;
}

StreamHealthReport RoomsImpl::health(const User& actor, const std::string& roomId) {
    return healthReport(requireManageable(actor, roomId));
}

void RoomsImpl::publishHealth() {
    std::vector<std::string> active;
    {
        std::lock_guard lock(_mutex);
        for (const auto& [roomId, runtime] : _runtime)
            if (runtime.state != BroadcastState::Offline) active.push_back(roomId);
    }
    for (const auto& roomId : active) {
        auto room = findRoom(roomId);
        if (!room) continue;
        StreamHealthUpdated event;
        event.roomId = room->id;
        event.channelId = room->channelId;
        event.recipientUserIds = healthRecipients(*room);
        std::ostringstream json;
        Poco::JSON::Stringifier::condense(healthJson(healthReport(*room), nowMillis()), json);
        event.healthJson = json.str();
        _events.publish(StreamHealthUpdated::kTopic, event);
    }
}

}  // namespace sockstream::core
