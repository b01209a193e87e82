#include "rooms/RoomJson.h"

#include "sockstream/rooms/EndpointJson.h"
#include "util/Text.h"

namespace sockstream::core {

Poco::JSON::Object::Ptr roomJson(const Room& room, const std::vector<PlaybackEndpoint>& playback,
                                 const std::vector<IngestEndpoint>* ownerIngest) {
    Poco::JSON::Object::Ptr owner = new Poco::JSON::Object;
    owner->set("id", room.ownerId);
    owner->set("name", room.ownerName);
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("id", room.id);
    json->set("channelId", room.channelId);
    json->set("title", room.title);
    json->set("description", room.description);
    json->set("owner", owner);
    json->set("live", room.live);
    json->set("state", broadcastStateName(room.state));
    if (ownerIngest) json->set("streamKeyMode", room.streamKeyMode);
    json->set("viewers", room.viewers);
    json->set("createdAt", formatIsoTime(room.createdAt));
    json->set("updatedAt", formatIsoTime(room.updatedAt));
    json->set("playback", playbackJson(playback));
    // The room's picture for lists, from whichever playback plugin renders one.
    const std::string thumbnail = thumbnailUrlOf(playback);
    json->set("thumbnailUrl", thumbnail.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(thumbnail));
    if (ownerIngest) json->set("ingest", ingestJson(*ownerIngest));
    return json;
}

}  // namespace sockstream::core
