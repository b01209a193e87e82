#include "ChatStore.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "sockstream/data/Database.h"
#include "sockstream/util/Scheduler.h"

using namespace Poco::Data::Keywords;

namespace sockstream::chat {

namespace {
constexpr std::size_t kMaxBatch = 256;

std::int64_t nowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

void ChatStore::migrate() {
    _database.migrate("chat", {
        {1, "chat messages",
         "CREATE TABLE chat_messages ("
         " id TEXT PRIMARY KEY,"
         " room_id TEXT NOT NULL,"
         " user_id TEXT NOT NULL,"
         " user_name TEXT NOT NULL,"
         " text TEXT NOT NULL,"
         " created_at BIGINT NOT NULL,"
         " seq BIGINT NOT NULL);"
         "CREATE INDEX chat_messages_room_seq ON chat_messages (room_id, seq)"},
    });
}

std::vector<ChatMessage> ChatStore::loadHistory(const std::string& roomId, std::size_t limit) {
    std::vector<ChatMessage> messages;
    if (limit == 0) return messages;
    Poco::Data::Session session = _database.session();
    std::string room = roomId;
    int count = static_cast<int>(limit);
    Poco::Data::Statement select(session);
    select << "SELECT id, user_id, user_name, text, created_at FROM chat_messages"
                  " WHERE room_id = ? ORDER BY seq DESC LIMIT ?",
        use(room), use(count);
    select.execute();
    Poco::Data::RecordSet rows(select);
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        ChatMessage m;
        m.id = rows.value(0).convert<std::string>();
        m.roomId = roomId;
        m.user.id = rows.value(1).convert<std::string>();
        m.user.name = rows.value(2).convert<std::string>();
        m.text = rows.value(3).convert<std::string>();
        m.ts = rows.value(4).convert<std::int64_t>();
        messages.push_back(std::move(m));
    }
    std::reverse(messages.begin(), messages.end());
    return messages;
}

void ChatStore::append(ChatMessage message, std::function<void(bool)> stored) {
    std::int64_t seq;
    {
        std::lock_guard lock(_mutex);
        seq = std::max(nowMicros(), _lastSeq + 1);
        _lastSeq = seq;
    }
    enqueue(Write{[this, m = std::move(message), seq](Poco::Data::Session& session) mutable {
                      session << "INSERT INTO chat_messages (id, room_id, user_id, user_name, text, created_at, seq)"
                                     " VALUES (?, ?, ?, ?, ?, ?, ?)",
                          use(m.id), use(m.roomId), use(m.user.id), use(m.user.name), use(m.text), use(m.ts), use(seq), now;
                  },
                  std::move(stored)});
}

void ChatStore::removeMessage(const std::string& roomId, const std::string& messageId, std::function<void(bool)> done) {
    enqueue(Write{[this, room = roomId, id = messageId](Poco::Data::Session& session) mutable {
                      session << "DELETE FROM chat_messages WHERE id = ? AND room_id = ?", use(id), use(room), now;
                  },
                  std::move(done)});
}

void ChatStore::removeRoom(const std::string& roomId) {
    enqueue(Write{[this, room = roomId](Poco::Data::Session& session) mutable {
                      session << "DELETE FROM chat_messages WHERE room_id = ?", use(room), now;
                  },
                  {}});
}

void ChatStore::waitIdle() {
    for (int i = 0; i < 500; ++i) {
        {
            std::lock_guard lock(_mutex);
            if (!_draining) return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

void ChatStore::enqueue(Write write) {
    {
        std::lock_guard lock(_mutex);
        _queue.push_back(std::move(write));
        if (_draining) return;
        _draining = true;
    }
    _scheduler.postBlocking([this] { drain(); });
}

void ChatStore::drain() {
    for (;;) {
        std::vector<Write> batch;
        {
            std::lock_guard lock(_mutex);
            if (_queue.empty()) {
                _draining = false;
                return;
            }
            while (!_queue.empty() && batch.size() < kMaxBatch) {
                batch.push_back(std::move(_queue.front()));
                _queue.pop_front();
            }
        }
        bool ok = true;
        try {
            Poco::Data::Session session = _database.session();
            session.begin();
            for (auto& write : batch) write.apply(session);
            session.commit();
        } catch (...) {
            ok = false;
        }
        for (auto& write : batch)
            if (write.done) write.done(ok);
    }
}

}  // namespace sockstream::chat
