#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sockstream/events/EventBus.h"
#include "sockstream/rooms/Room.h"

namespace sockstream {

struct RoomCreated : Event {
    static constexpr std::string_view kTopic = "room.created";
    Room room;
};

struct RoomUpdated : Event {
    static constexpr std::string_view kTopic = "room.updated";
    Room room;
};

struct RoomDeleted : Event {
    static constexpr std::string_view kTopic = "room.deleted";
    std::string roomId;
    std::string channelId;
};

/// A broadcast began (or resumed after an encoder reconnect within the grace window).
struct StreamStarted : Event {
    static constexpr std::string_view kTopic = "stream.started";
    std::string roomId;
    std::string channelId;
    std::string broadcastId;
    bool resumed = false;
};

/// The encoder's connection was lost: the room is reconnecting until the encoder
/// comes back (StreamStarted with resumed) or the grace window ends (StreamEnded).
struct StreamInterrupted : Event {
    static constexpr std::string_view kTopic = "stream.interrupted";
    std::string roomId;
    std::string channelId;
    std::string broadcastId;
};

/// A broadcast is over for good: the room is offline, a per-broadcast key is spent
/// (a persistent key is ready for the next broadcast).
struct StreamEnded : Event {
    static constexpr std::string_view kTopic = "stream.ended";
    std::string roomId;
    std::string channelId;
    std::string broadcastId;
    /// "ended" (the encoder stopped), "ended_by_host" (the owner or an admin stopped
    /// it, or made a new key), "grace_expired" (the encoder did not come back in time).
    std::string reason = "ended";
};

/// A live or reconnecting room's stream health, every ~2 s, for its owner and
/// admins only (the chat plugin forwards it as room:health to their sockets).
struct StreamHealthUpdated : Event {
    static constexpr std::string_view kTopic = "stream.health";
    std::string roomId;
    std::string channelId;
    /// Users allowed to see it: the owner and the admins that exist as users.
    std::vector<std::string> recipientUserIds;
    /// The health object as GET /api/rooms/{id}/health serves it, as JSON text.
    std::string healthJson;
};

}  // namespace sockstream
