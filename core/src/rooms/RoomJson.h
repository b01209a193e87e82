#pragma once

#include <vector>

#include <Poco/JSON/Object.h>

#include "sockstream/rooms/Endpoints.h"
#include "sockstream/rooms/Room.h"

namespace sockstream::core {

/// A room as the REST API sends it (docs/api.md): `playback[]` lists how to
/// watch it, from what playback plugins declared, resolved for this room.
/// `ownerIngest`, given only to the owner and admins, adds streamKeyMode and
/// `ingest[]` (how an encoder reaches the server, never the key).
Poco::JSON::Object::Ptr roomJson(const Room& room, const std::vector<PlaybackEndpoint>& playback,
                                 const std::vector<IngestEndpoint>* ownerIngest = nullptr);

}  // namespace sockstream::core
