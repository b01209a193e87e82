#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sockstream/chat/ChatService.h"

namespace sockstream {
class Database;
}

namespace sockstream::chat {

struct HistoryRange;

/// One window of a room's chat, oldest first; `more` when the window holds
/// messages past the limit (read on from the last one's ts).
struct HistoryPage {
    std::vector<ChatMessage> messages;
    bool more = false;
};

/// Reads a room's chat by time range for the replay beside a past broadcast.
/// Only committed messages are read (the ChatStore's batch in flight, at most
/// 100 ms old, is not replay material); messages moderators deleted are gone
/// from the table, so they never come back here.
///
/// Its migration adds the (room_id, created_at, seq) index that makes a window
/// an index range scan, so seeking in a long show costs the same as in a
/// short one. It is its own migration component ("chat-history") so that it
/// never competes for the chat store's version numbers.
class ChatHistoryReader {
public:
    static constexpr const char* kMigrationComponent = "chat-history";
    static constexpr const char* kIndexName = "chat_messages_room_time";

    explicit ChatHistoryReader(Database& database) : _database(database) {}

    /// After ChatStore::migrate (the index is on its table).
    void migrate();
    /// Blocking: run on a worker.
    HistoryPage read(const std::string& roomId, const HistoryRange& range);

private:
    Database& _database;
};

}  // namespace sockstream::chat
