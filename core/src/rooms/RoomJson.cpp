#include "rooms/RoomJson.h"

#include "sockstream-wire/WireJson.h"
#include "sockstream/rooms/EndpointJson.h"

namespace sockstream::core {

Poco::JSON::Object::Ptr roomJson(const Room& room, const std::vector<PlaybackEndpoint>& playback,
                                 const std::vector<IngestEndpoint>* ownerIngest) {
    Poco::JSON::Object::Ptr json = lib::wire::roomJson(room, {.forOwner = ownerIngest != nullptr});
    json->set("playback", playbackJson(playback));
    // The room's picture for lists, from whichever playback plugin renders one.
    const std::string thumbnail = thumbnailUrlOf(playback);
    json->set("thumbnailUrl", thumbnail.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(thumbnail));
    if (ownerIngest) json->set("ingest", ingestJson(*ownerIngest));
    return json;
}

}  // namespace sockstream::core
