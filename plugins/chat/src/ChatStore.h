#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include "sockstream/chat/ChatService.h"

namespace sockstream {
class Database;
class Scheduler;
}

namespace sockstream::chat {

/// Chat history in the server's database. Writes go through one queue drained
/// by one worker task at a time, in a transaction per batch, so messages are
/// stored in the order they were accepted and the I/O threads never block.
class ChatStore {
public:
    ChatStore(Database& database, Scheduler& scheduler) : _database(database), _scheduler(scheduler) {}

    void migrate();
    /// Blocking: the newest `limit` messages of a room, oldest first.
    std::vector<ChatMessage> loadHistory(const std::string& roomId, std::size_t limit);

    /// Queues the insert; `stored` runs on a worker after the commit (false if it failed).
    void append(ChatMessage message, std::function<void(bool stored)> stored);
    void removeMessage(const std::string& roomId, const std::string& messageId, std::function<void(bool removed)> done);
    void removeRoom(const std::string& roomId);
    /// Waits (bounded) for queued writes, before the plugin unloads.
    void waitIdle();

private:
    struct Write {
        std::function<void(Poco::Data::Session&)> apply;
        std::function<void(bool)> done;
    };
    void enqueue(Write write);
    void drain();

    Database& _database;
    Scheduler& _scheduler;
    std::mutex _mutex;
    std::deque<Write> _queue;
    bool _draining = false;
    std::int64_t _lastSeq = 0;
};

}  // namespace sockstream::chat
