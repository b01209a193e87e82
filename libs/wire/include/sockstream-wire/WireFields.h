#pragma once

#include <string>

#include "sockstream/identity/User.h"
#include "sockstream/rooms/Room.h"
#include "sockstream-text/IsoTime.h"

namespace sockstream::lib::wire {

/// The JSON shape of a room and of a user as every answer and event carries
/// them (REST, the session, sign-in, chat events), written once here so the
/// web app reads one kind of room and one kind of user.
///
/// The fields are visited, not built, so each JSON library gets the same list:
/// `out` needs field(key, std::string | bool | int) and
/// object(key, [](auto& nested) {...}). RoomJson.h (Poco) and
/// RoomJsonNlohmann.h (nlohmann::json) are the two writers.
///
/// Protocol facts (where a room is played or ingested) are not here: the
/// plugins that own those protocols declare them and callers add them.

struct RoomFieldOptions {
    /// The stream-key mode is shown to the room's owner and admins only.
    bool forOwner = false;
};

/// A room as it is now: `room.live`, `room.state` and `room.viewers` are the
/// caller's runtime view (the chat knows its own viewer counts).
template <class Out>
void visitRoomFields(const Room& room, const RoomFieldOptions& options, Out& out) {
    out.field("id", room.id);
    out.field("channelId", room.channelId);
    out.field("title", room.title);
    out.field("description", room.description);
    out.object("owner", [&](auto& owner) {
        owner.field("id", room.ownerId);
        owner.field("name", room.ownerName);
    });
    out.field("live", room.live);
    out.field("state", std::string(broadcastStateName(room.state)));
    if (options.forOwner) out.field("streamKeyMode", room.streamKeyMode);
    out.field("viewers", room.viewers);
    out.field("createdAt", text::isoTime(room.createdAt));
    out.field("updatedAt", text::isoTime(room.updatedAt));
}

/// A signed-in user as GET /api/auth/session and the sign-in answers show it.
template <class Out>
void visitUserFields(const User& user, Out& out) {
    out.field("id", user.id);
    out.field("name", user.name);
    out.field("email", user.email);
    out.field("emailVerified", user.emailVerified);
    out.field("image", user.image);
    out.field("createdAt", text::isoTime(user.createdAt));
}

}  // namespace sockstream::lib::wire
