#include "logic/WireJson.h"

#include "sockstream-wire/WireJsonNlohmann.h"
#include "sockstream/rooms/EndpointJson.h"

namespace sockstream::chat {

nlohmann::json roomJson(const Room& room, int viewers, bool liveHere, const std::vector<PlaybackEndpoint>& playback) {
    Room view = room;
    const BroadcastState state = liveHere ? BroadcastState::Live : room.state;
    view.state = room.live ? BroadcastState::Live : state;
    view.live = view.state == BroadcastState::Live;
    view.viewers = viewers;
    nlohmann::json json = lib::wire::roomJsonNlohmann(view);
    // Where the room plays is what its playback plugins declared, as in the REST API.
    json["playback"] = nlohmann::json::parse(playbackJsonText(playback));
    const std::string thumbnail = thumbnailUrlOf(playback);
    json["thumbnailUrl"] = thumbnail.empty() ? nlohmann::json(nullptr) : nlohmann::json(thumbnail);
    return json;
}

nlohmann::json messageJson(const ChatMessage& m) {
    return {{"id", m.id}, {"roomId", m.roomId}, {"user", {{"id", m.user.id}, {"name", m.user.name}}}, {"text", m.text}, {"ts", m.ts}};
}

nlohmann::json roomStatusJson(const std::string& roomId, const std::string& channelId, BroadcastState state,
                              const std::string& reason) {
    return {{"roomId", roomId},
            {"channelId", channelId},
            {"live", state == BroadcastState::Live},
            {"state", broadcastStateName(state)},
            {"reason", reason}};
}

}  // namespace sockstream::chat
