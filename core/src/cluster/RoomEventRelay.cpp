#include "cluster/RoomEventRelay.h"

#include <sstream>

#include "cluster/ClusterImpl.h"
#include "events/EventBusImpl.h"
#include "rooms/RoomsImpl.h"
#include "sockstream/events/RoomEvents.h"
#include "sockstream/events/IdentityEvents.h"

namespace sockstream::core {

namespace {

constexpr const char* kChannel = "core.rooms";
constexpr const char* kOwner = "core.cluster";
constexpr std::size_t kMaxToken = 128;

bool validToken(const std::string& token) {
    if (token.empty() || token.size() > kMaxToken) return false;
    for (char c : token)
        if (c <= ' ' || c >= 127) return false;
    return true;
}

}  // namespace

RoomEventRelay::RoomEventRelay(ClusterImpl& cluster, EventBusImpl& events, RoomsImpl& rooms, Poco::Logger& logger)
    : _cluster(cluster), _events(events), _rooms(rooms), _logger(logger) {}

std::optional<std::string> RoomEventRelay::encode(std::string_view topic, const Event& event) {
    if (!event.originServer.empty()) return std::nullopt;  // it came from another server: it is already everywhere
    if (topic == RoomCreated::kTopic) return "room.created " + static_cast<const RoomCreated&>(event).room.id;
    if (topic == RoomUpdated::kTopic) return "room.updated " + static_cast<const RoomUpdated&>(event).room.id;
    if (topic == RoomDeleted::kTopic) {
        const auto& deleted = static_cast<const RoomDeleted&>(event);
        return "room.deleted " + deleted.roomId + " " + deleted.channelId;
    }
    if (topic == StreamStarted::kTopic) {
        const auto& started = static_cast<const StreamStarted&>(event);
        return "stream.started " + started.roomId + " " + started.channelId + " " + started.broadcastId + " " +
               (started.resumed ? "1" : "0");
    }
    if (topic == StreamInterrupted::kTopic) {
        const auto& lost = static_cast<const StreamInterrupted&>(event);
        return "stream.interrupted " + lost.roomId + " " + lost.channelId + " " + lost.broadcastId;
    }
    if (topic == StreamEnded::kTopic) {
        const auto& ended = static_cast<const StreamEnded&>(event);
        return "stream.ended " + ended.roomId + " " + ended.channelId + " " + ended.broadcastId + " " + ended.reason;
    }
    if (topic == SignInSessionEnded::kTopic) {
        const auto& ended = static_cast<const SignInSessionEnded&>(event);
        return "session.ended " + ended.sessionId + " " + ended.userId + " " + ended.reason;
    }
    return std::nullopt;
}

void RoomEventRelay::attach() {
    if (!_cluster.enabled()) return;
    for (std::string_view topic : {RoomCreated::kTopic, RoomUpdated::kTopic, RoomDeleted::kTopic, StreamStarted::kTopic,
                                   StreamInterrupted::kTopic, StreamEnded::kTopic, SignInSessionEnded::kTopic}) {
        _subscriptions.push_back(_events.subscribe(kOwner, topic, [this, topic](const Event& event) {
            if (auto line = encode(topic, event)) _cluster.publishCore(kChannel, *line);
        }));
    }
    _cluster.subscribeCore(kChannel, [this](const std::string& serverId, const std::string& line) { replay(serverId, line); });
    _cluster.onBroadcastVanished([this](const std::string& roomId, const RemoteBroadcast& where) {
        auto room = _rooms.findRoom(roomId);
        _logger.warning("cluster: server \"%s\" stopped announcing the broadcast of room %s without ending it; "
                        "it is offline now", where.serverId, roomId);
        StreamEnded ended;
        ended.originServer = where.serverId;
        ended.roomId = roomId;
        ended.channelId = room ? room->channelId : std::string();
        _events.publish(StreamEnded::kTopic, ended);
    });
}

void RoomEventRelay::detach() {
    for (auto id : _subscriptions) _events.unsubscribe(id);
    _subscriptions.clear();
}

void RoomEventRelay::replay(const std::string& serverId, const std::string& line) {
    std::istringstream words(line);
    std::string kind, roomId, channelId, broadcastId, resumed;
    words >> kind >> roomId >> channelId >> broadcastId >> resumed;
    if (!validToken(kind) || !validToken(roomId) || (!channelId.empty() && !validToken(channelId)) ||
        (!broadcastId.empty() && !validToken(broadcastId))) {
        _logger.warning("cluster: ignored a malformed room event from server \"%s\"", serverId);
        return;
    }
    if (kind == "room.created" || kind == "room.updated") {
        // The shared database already has the room as the other server saved it.
        auto room = _rooms.findRoom(roomId);
        if (!room) return;
        if (kind == "room.created") {
            RoomCreated event;
            event.originServer = serverId;
            event.room = *room;
            _events.publish(RoomCreated::kTopic, event);
        } else {
            RoomUpdated event;
            event.originServer = serverId;
            event.room = *room;
            _events.publish(RoomUpdated::kTopic, event);
        }
    } else if (kind == "room.deleted" && !channelId.empty()) {
        RoomDeleted event;
        event.originServer = serverId;
        event.roomId = roomId;
        event.channelId = channelId;
        _events.publish(RoomDeleted::kTopic, event);
    } else if (kind == "stream.started" && !broadcastId.empty()) {
        StreamStarted event;
        event.originServer = serverId;
        event.roomId = roomId;
        event.channelId = channelId;
        event.broadcastId = broadcastId;
        event.resumed = resumed == "1";
        _events.publish(StreamStarted::kTopic, event);
    } else if (kind == "stream.interrupted" && !broadcastId.empty()) {
        StreamInterrupted event;
        event.originServer = serverId;
        event.roomId = roomId;
        event.channelId = channelId;
        event.broadcastId = broadcastId;
        _events.publish(StreamInterrupted::kTopic, event);
    } else if (kind == "stream.ended" && !broadcastId.empty()) {
        StreamEnded event;
        event.originServer = serverId;
        event.roomId = roomId;
        event.channelId = channelId;
        event.broadcastId = broadcastId;
        if (validToken(resumed)) event.reason = resumed;  // the fifth word of stream.ended is its reason
        _events.publish(StreamEnded::kTopic, event);
    } else if (kind == "session.ended" && !channelId.empty() && validToken(broadcastId)) {
        // Not a room's: the words are the session id, its user id and the reason.
        SignInSessionEnded event;
        event.originServer = serverId;
        event.sessionId = roomId;
        event.userId = channelId;
        event.reason = broadcastId;
        _events.publish(SignInSessionEnded::kTopic, event);
    } else {
        _logger.warning("cluster: ignored an unknown room event \"%s\" from server \"%s\"", kind, serverId);
    }
}

}  // namespace sockstream::core
