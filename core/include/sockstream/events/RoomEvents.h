#pragma once

#include <string>
#include <string_view>

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

/// A broadcast is over for good: its key is spent, the room is offline.
struct StreamEnded : Event {
    static constexpr std::string_view kTopic = "stream.ended";
    std::string roomId;
    std::string channelId;
    std::string broadcastId;
};

}  // namespace sockstream
