#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace sockstream::chat {

// chat:deleted's `by` (docs/chat-events.md): who removed the message, so the
// web app can say "message deleted by the host". Exactly these four values.
inline constexpr const char* kDeletedByOwner = "owner";          ///< the room's owner
inline constexpr const char* kDeletedByModerator = "moderator";  ///< a moderator (today: a plugin's automatic moderation)
inline constexpr const char* kDeletedByAdmin = "admin";          ///< a site admin who does not own the room
inline constexpr const char* kDeletedByAuthor = "author";        ///< withdrawn on its author's behalf (not_saved)

/// chat:deleted's argument.
inline nlohmann::json deletedEvent(const std::string& roomId, const std::string& messageId, const char* by) {
    return {{"roomId", roomId}, {"messageId", messageId}, {"by", by}};
}

}  // namespace sockstream::chat
