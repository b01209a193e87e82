#pragma once

#include <Poco/JSON/Object.h>

#include "sockstream-wire/WireFields.h"

namespace sockstream::lib::wire {

/// A room as a Poco JSON object (the core's REST answers); callers add the
/// fields that are not the room's own (playback, ingest, liveRooms...).
Poco::JSON::Object::Ptr roomJson(const Room& room, const RoomFieldOptions& options = {});
/// A user as a Poco JSON object (the session answer, auth-password's sign-in).
Poco::JSON::Object::Ptr userJson(const User& user);

}  // namespace sockstream::lib::wire
