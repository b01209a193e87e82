#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>
#include <Poco/Logger.h>

#include "sockstream/chat/ChatService.h"

namespace sockstream {
class Database;
class Health;
class Scheduler;
class TimerHandle;
}

namespace sockstream::chat {

/// Chat history in the server's database. Writes go through one queue drained
/// by one worker task at a time, in a transaction per batch, so messages are
/// stored in the order they were accepted and the I/O threads never block.
/// The first message of a batch waits up to commitDelay for others to share
/// its transaction (one prepared INSERT for all, one wait for the disk);
/// until their commit, history reads see them from memory. A message's
/// `stored` callback runs only once its transaction is durable (the
/// connection's own synchronous setting, FULL on SQLite): the sender's ack
/// waits for it, so nothing acknowledged is lost by a crash or a power cut.
///
/// Commits report the Health check "database": a failed one fails it (with
/// one log line, not one per message) and probes the database every
/// probeInterval until a write succeeds again.
class ChatStore {
public:
    static constexpr std::chrono::milliseconds commitDelay{100};
    static constexpr std::chrono::milliseconds probeInterval{5'000};
    static constexpr std::size_t maxBatch = 256;
    static constexpr const char* kHealthCheck = "database";
    static constexpr const char* kUnwritable = "the database refuses writes: chat messages are not being saved";

    ChatStore(Database& database, Scheduler& scheduler, Health& health, Poco::Logger& logger)
        : _database(database), _scheduler(scheduler), _health(health), _logger(logger) {}

    void migrate();
    /// Blocking: the newest `limit` messages of a room, oldest first, those
    /// still waiting for their commit included.
    std::vector<ChatMessage> loadHistory(const std::string& roomId, std::size_t limit);

    /// Queues the insert; `stored` runs on a worker after the commit (false if it failed).
    void append(ChatMessage message, std::function<void(bool stored)> stored);
    void removeMessage(const std::string& roomId, const std::string& messageId, std::function<void(bool removed)> done);
    void removeRoom(const std::string& roomId);
    /// Queues any other write (moderation's), in order with the rest; `done`
    /// runs on a worker after the commit (false if it failed).
    void write(std::function<void(Poco::Data::Session&)> apply, std::function<void(bool)> done);
    /// Commits what is queued, then waits (bounded) for writes in progress,
    /// before the plugin unloads.
    void waitIdle();

private:
    struct Write {
        std::optional<ChatMessage> insert;  ///< an insert: batched with its neighbours
        std::int64_t seq = 0;
        std::function<void(Poco::Data::Session&)> apply;  ///< anything else
        std::function<void(bool)> done;
    };
    struct Unstored {
        std::int64_t seq;
        ChatMessage message;
    };
    enum class State { Idle, Scheduled, Draining };

    /// With the mutex held: queues, arming the commit timer if need be; true
    /// when a drain must start now (startDrain).
    bool enqueueLocked(Write write, bool mayWait);
    /// Marks the drain started, releases the lock and posts it.
    void startDrain(std::unique_lock<std::mutex>& lock);
    void drain();
    static void apply(Poco::Data::Session& session, std::vector<Write>& batch);
    /// After each commit, on the draining task: health, log lines, probes.
    void committed(bool ok, const std::string& error, std::size_t messages);
    /// Queues a one-row write that tells whether the database takes writes again.
    void probe();

    Database& _database;
    Scheduler& _scheduler;
    Health& _health;
    Poco::Logger& _logger;
    std::mutex _mutex;
    std::condition_variable _idle;
    std::deque<Write> _queue;
    std::deque<Unstored> _unstored;  ///< appended messages not committed yet, in seq order
    State _state = State::Idle;
    std::shared_ptr<TimerHandle> _timer;
    std::shared_ptr<char> _alive = std::make_shared<char>(0);  ///< the timer's weak token
    std::int64_t _lastSeq = 0;
    bool _failing = false;           ///< the last commit failed (guarded by _mutex)
    std::size_t _unsaved = 0;        ///< messages refused since it started failing
    std::shared_ptr<TimerHandle> _probeTimer;
};

}  // namespace sockstream::chat
