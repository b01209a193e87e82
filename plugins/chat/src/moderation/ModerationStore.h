#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "moderation/ModerationPolicy.h"

namespace sockstream {
class Database;
}

namespace sockstream::chat {

class ChatStore;

/// One line of a room's moderation log (GET /api/rooms/{roomId}/moderation/log).
struct ModerationLogEntry {
    std::string id;
    std::string roomId;
    std::int64_t atMs = 0;
    std::string actorId;
    std::string actorName;
    std::string action;      ///< delete, timeout, untimeout, ban, unban, site_ban, site_unban, moderator_add, moderator_remove, settings
    std::string targetId;    ///< a user id; empty for delete and settings
    std::string targetName;
    std::string detail;      ///< the deleted message's id; the settings set
    std::string reason;
    std::int64_t untilMs = 0;  ///< a timeout's end
};

struct ModeratorRow {
    std::string roomId;
    std::string userId;
    std::string userName;
    std::int64_t addedAtMs = 0;
};

/// A timeout or ban; roomId "" for a site-wide ban.
struct SanctionRow {
    std::string roomId;
    std::string userId;
    std::string kind;  ///< "timeout" or "ban"
    std::string userName;
    std::int64_t untilMs = 0;  ///< a timeout's end; 0 for a ban
};

/// Everything moderation keeps in the database, read whole at start-up.
struct ModerationSnapshot {
    std::vector<ModeratorRow> moderators;
    std::vector<SanctionRow> sanctions;
    std::vector<std::pair<std::string, RoomChatSettings>> settings;
};

/// The chat store's moderation tables (migration 3 in ChatStore::migrate).
/// Writes go through ChatStore's queue, in order with the messages; reads
/// block (worker threads only).
class ModerationStore {
public:
    static constexpr int kMaxLogEntries = 500;

    ModerationStore(Database& database, ChatStore& store) : _database(database), _store(store) {}

    ModerationSnapshot load(std::int64_t nowMs);
    std::vector<ModeratorRow> moderators(const std::string& roomId);
    /// The room's timeouts not ended and bans (with the site's when `withSite`).
    std::vector<SanctionRow> sanctions(const std::string& roomId, std::int64_t nowMs);
    /// Newest first.
    std::vector<ModerationLogEntry> log(const std::string& roomId, int limit);

    using Done = std::function<void(bool stored)>;
    void setModerator(const ModeratorRow& row, bool moderator, const ModerationLogEntry& entry, Done done);
    /// `on` false lifts it.
    void setSanction(const SanctionRow& row, bool on, const ModerationLogEntry& entry, Done done);
    void setSettings(const std::string& roomId, const RoomChatSettings& settings, const ModerationLogEntry& entry, Done done);
    void addLog(const ModerationLogEntry& entry, Done done);

private:
    Database& _database;
    ChatStore& _store;
};

}  // namespace sockstream::chat
