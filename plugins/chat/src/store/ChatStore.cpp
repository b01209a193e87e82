#include "ChatStore.h"
#include "ChatRow.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "sockstream/data/Database.h"
#include "sockstream/health/Health.h"
#include "sockstream/util/Scheduler.h"

using namespace Poco::Data::Keywords;

namespace sockstream::chat {

namespace {

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
        // One row the store rewrites to learn whether the database takes writes again.
        {2, "chat health probe",
         "CREATE TABLE chat_health (id INTEGER PRIMARY KEY, checked_at BIGINT NOT NULL);"
         "INSERT INTO chat_health (id, checked_at) VALUES (1, 0)"},
        // Moderation (moderation/ModerationStore.h): who moderates a room, who
        // is timed out or banned (room_id '' for a site-wide ban), each room's
        // chat settings, and the log its owner reads.
        {3, "chat moderation",
         "CREATE TABLE chat_moderators ("
         " room_id TEXT NOT NULL,"
         " user_id TEXT NOT NULL,"
         " user_name TEXT NOT NULL,"
         " added_by TEXT NOT NULL,"
         " added_at BIGINT NOT NULL,"
         " PRIMARY KEY (room_id, user_id));"
         "CREATE TABLE chat_sanctions ("
         " room_id TEXT NOT NULL,"
         " user_id TEXT NOT NULL,"
         " kind TEXT NOT NULL,"
         " user_name TEXT NOT NULL,"
         " until_ms BIGINT NOT NULL,"
         " PRIMARY KEY (room_id, user_id, kind));"
         "CREATE TABLE chat_room_settings ("
         " room_id TEXT PRIMARY KEY,"
         " slow_mode_seconds INTEGER NOT NULL,"
         " established_minutes INTEGER NOT NULL);"
         "CREATE TABLE chat_moderation_log ("
         " id TEXT PRIMARY KEY,"
         " room_id TEXT NOT NULL,"
         " at_ms BIGINT NOT NULL,"
         " actor_id TEXT NOT NULL,"
         " actor_name TEXT NOT NULL,"
         " action TEXT NOT NULL,"
         " target_id TEXT NOT NULL,"
         " target_name TEXT NOT NULL,"
         " detail TEXT NOT NULL,"
         " reason TEXT NOT NULL,"
         " until_ms BIGINT NOT NULL);"
         "CREATE INDEX chat_moderation_log_room ON chat_moderation_log (room_id, at_ms)"},
    });
}

std::vector<ChatMessage> ChatStore::loadHistory(const std::string& roomId, std::size_t limit) {
    std::vector<ChatMessage> messages;
    if (limit == 0) return messages;
    // Taken before the SELECT: a message that leaves this list afterwards has
    // been committed before the SELECT runs, so none falls between the two.
    std::vector<Unstored> unstored;
    {
        std::lock_guard lock(_mutex);
        for (const auto& entry : _unstored)
            if (entry.message.roomId == roomId) unstored.push_back(entry);
    }
    Poco::Data::Session session = _database.session();
    std::string room = roomId;
    int count = static_cast<int>(limit);
    Poco::Data::Statement select(session);
    select << "SELECT id, user_id, user_name, text, created_at, seq FROM chat_messages"
                  " WHERE room_id = ? ORDER BY seq DESC LIMIT ?",
        use(room), use(count);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<Unstored> stored;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        stored.push_back(Unstored{rows.value(5).convert<std::int64_t>(), chatMessageFromRow(rows, roomId)});
    }
    std::reverse(stored.begin(), stored.end());
    for (auto& entry : unstored) {
        const bool committed = std::any_of(stored.begin(), stored.end(),
                                           [&](const Unstored& s) { return s.message.id == entry.message.id; });
        if (!committed) stored.push_back(std::move(entry));
    }
    std::stable_sort(stored.begin(), stored.end(), [](const Unstored& a, const Unstored& b) { return a.seq < b.seq; });
    const std::size_t first = stored.size() > limit ? stored.size() - limit : 0;
    for (std::size_t i = first; i < stored.size(); ++i) messages.push_back(std::move(stored[i].message));
    return messages;
}

void ChatStore::append(ChatMessage message, std::function<void(bool)> stored) {
    std::unique_lock lock(_mutex);
    const std::int64_t seq = std::max(nowMicros(), _lastSeq + 1);
    _lastSeq = seq;
    _unstored.push_back(Unstored{seq, message});
    Write write;
    write.insert = std::move(message);
    write.seq = seq;
    write.done = std::move(stored);
    if (enqueueLocked(std::move(write), true)) startDrain(lock);
}

void ChatStore::removeMessage(const std::string& roomId, const std::string& messageId, std::function<void(bool)> done) {
    std::unique_lock lock(_mutex);
    std::erase_if(_unstored, [&](const Unstored& u) { return u.message.id == messageId && u.message.roomId == roomId; });
    Write write;
    write.apply = [room = roomId, id = messageId](Poco::Data::Session& session) mutable {
        session << "DELETE FROM chat_messages WHERE id = ? AND room_id = ?", use(id), use(room), now;
    };
    write.done = std::move(done);
    if (enqueueLocked(std::move(write), false)) startDrain(lock);
}

void ChatStore::write(std::function<void(Poco::Data::Session&)> apply, std::function<void(bool)> done) {
    std::unique_lock lock(_mutex);
    Write write;
    write.apply = std::move(apply);
    write.done = std::move(done);
    if (enqueueLocked(std::move(write), false)) startDrain(lock);
}

void ChatStore::removeRoom(const std::string& roomId) {
    std::unique_lock lock(_mutex);
    std::erase_if(_unstored, [&](const Unstored& u) { return u.message.roomId == roomId; });
    Write write;
    write.apply = [room = roomId](Poco::Data::Session& session) mutable {
        session << "DELETE FROM chat_messages WHERE room_id = ?", use(room), now;
        // The room's moderation goes with it; its log too (nobody can read it any more).
        for (const char* table : {"chat_moderators", "chat_sanctions", "chat_room_settings", "chat_moderation_log"})
            session << (std::string("DELETE FROM ") + table + " WHERE room_id = ?"), use(room), now;
    };
    if (enqueueLocked(std::move(write), false)) startDrain(lock);
}

void ChatStore::waitIdle() {
    std::unique_lock lock(_mutex);
    if (_timer) _timer->cancel();
    if (_probeTimer) _probeTimer->cancel();
    if (_state == State::Scheduled) {
        // The timer may not fire once the plugin stops: commit here.
        _state = State::Draining;
        lock.unlock();
        drain();
        lock.lock();
    }
    _idle.wait_for(lock, std::chrono::seconds(5), [this] { return _state == State::Idle; });
}

bool ChatStore::enqueueLocked(Write write, bool mayWait) {
    _queue.push_back(std::move(write));
    if (_state == State::Draining) return false;  // the running drain takes it
    if (_state == State::Scheduled) return !mayWait || _queue.size() >= maxBatch;
    if (!mayWait) return true;
    _state = State::Scheduled;
    _timer = _scheduler.after(commitDelay, [this, alive = std::weak_ptr<char>(_alive)] {
        if (!alive.lock()) return;
        std::unique_lock lock(_mutex);
        if (_state == State::Scheduled) startDrain(lock);
    });
    return false;
}

void ChatStore::startDrain(std::unique_lock<std::mutex>& lock) {
    _state = State::Draining;
    // Posted without the lock: a scheduler may run the task at once.
    lock.unlock();
    _scheduler.postBlocking([this] { drain(); });
}

void ChatStore::drain() {
    for (;;) {
        std::vector<Write> batch;
        {
            std::lock_guard lock(_mutex);
            if (_queue.empty()) {
                _state = State::Idle;
                _idle.notify_all();
                return;
            }
            while (!_queue.empty() && batch.size() < maxBatch) {
                batch.push_back(std::move(_queue.front()));
                _queue.pop_front();
            }
        }
        std::string error;
        const std::size_t messages = static_cast<std::size_t>(
            std::count_if(batch.begin(), batch.end(), [](const Write& w) { return w.insert.has_value(); }));
        try {
            Poco::Data::Session session = _database.session();
            session.begin();
            try {
                apply(session, batch);
                session.commit();
            } catch (...) {
                // The connection goes back to the pool: without its transaction.
                try {
                    if (session.isTransaction()) session.rollback();
                } catch (...) {
                }
                throw;
            }
        } catch (const Poco::Exception& e) {
            error = e.displayText();
        } catch (const std::exception& e) {
            error = e.what();
        }
        const bool ok = error.empty();
        {
            // Stored (or refused): history reads find them in the database now, or never.
            std::lock_guard lock(_mutex);
            std::int64_t last = 0;
            for (const auto& write : batch)
                if (write.insert) last = write.seq;
            while (!_unstored.empty() && _unstored.front().seq <= last) _unstored.pop_front();
        }
        committed(ok, error, messages);
        for (auto& write : batch)
            if (write.done) write.done(ok);
    }
}

void ChatStore::committed(bool ok, const std::string& error, std::size_t messages) {
    std::unique_lock lock(_mutex);
    if (ok) {
        if (!_failing) return;
        _failing = false;
        const std::size_t unsaved = _unsaved;
        _unsaved = 0;
        if (_probeTimer) _probeTimer->cancel();
        _probeTimer.reset();
        lock.unlock();
        _health.pass(kHealthCheck);
        _logger.notice("chat: the database takes writes again; " + std::to_string(unsaved) +
                       " message(s) were refused meanwhile and their senders told to try again");
        return;
    }
    _unsaved += messages;
    if (!_probeTimer) {
        _probeTimer = _scheduler.every(probeInterval, [this, alive = std::weak_ptr<char>(_alive)] {
            if (alive.lock()) probe();
        });
    }
    if (_failing) return;  // said once, until it recovers
    _failing = true;
    lock.unlock();
    _health.fail(kHealthCheck, kUnwritable);
    _logger.error("chat: a commit failed, chat messages are not being saved until the database takes writes again "
                  "(senders get not_saved; free disk space or fix the database): " + error);
}

void ChatStore::probe() {
    std::unique_lock lock(_mutex);
    if (!_failing) return;
    Write write;
    write.apply = [](Poco::Data::Session& session) {
        Poco::Int64 checkedAt = nowMicros();
        session << "UPDATE chat_health SET checked_at = ? WHERE id = 1", use(checkedAt), now;
    };
    if (enqueueLocked(std::move(write), false)) startDrain(lock);
}

void ChatStore::apply(Poco::Data::Session& session, std::vector<Write>& batch) {
    // Runs of inserts go through one prepared statement, executed once per row.
    std::vector<std::string> ids, rooms, userIds, userNames, texts;
    std::vector<Poco::Int64> times, seqs;
    auto insertRun = [&] {
        if (ids.empty()) return;
        session << "INSERT INTO chat_messages (id, room_id, user_id, user_name, text, created_at, seq)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?)",
            use(ids), use(rooms), use(userIds), use(userNames), use(texts), use(times), use(seqs), now;
        for (auto* column : {&ids, &rooms, &userIds, &userNames, &texts}) column->clear();
        times.clear();
        seqs.clear();
    };
    for (auto& write : batch) {
        if (!write.insert) {
            insertRun();
            write.apply(session);
            continue;
        }
        ChatMessage& m = *write.insert;
        ids.push_back(std::move(m.id));
        rooms.push_back(std::move(m.roomId));
        userIds.push_back(std::move(m.user.id));
        userNames.push_back(std::move(m.user.name));
        texts.push_back(std::move(m.text));
        times.push_back(m.ts);
        seqs.push_back(write.seq);
    }
    insertRun();
}

}  // namespace sockstream::chat
