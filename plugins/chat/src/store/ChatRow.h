#pragma once

#include <cstdint>
#include <string>

#include <Poco/Data/RecordSet.h>

#include "sockstream/chat/ChatService.h"

namespace sockstream::chat {

/// The chat_messages columns every history read selects first, in this order:
/// "id, user_id, user_name, text, created_at" (the history by count and the
/// replay's by time read one shape of row).
inline constexpr const char* kChatRowColumns = "id, user_id, user_name, text, created_at";

/// The message in the current row of `rows` (selected with kChatRowColumns first).
inline ChatMessage chatMessageFromRow(Poco::Data::RecordSet& rows, const std::string& roomId) {
    ChatMessage m;
    m.id = rows.value(0).convert<std::string>();
    m.roomId = roomId;
    m.user.id = rows.value(1).convert<std::string>();
    m.user.name = rows.value(2).convert<std::string>();
    m.text = rows.value(3).convert<std::string>();
    m.ts = rows.value(4).convert<std::int64_t>();
    return m;
}

}  // namespace sockstream::chat
