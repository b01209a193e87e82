#include "logic/WireJson.h"

#include <cstdio>
#include <ctime>

namespace sockstream::chat {

namespace {

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

}  // namespace

nlohmann::json roomJson(const Room& room, int viewers, bool liveHere) {
    const BroadcastState state = liveHere ? BroadcastState::Live : room.state;
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
