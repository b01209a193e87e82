#include "moderation/ModerationStore.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "sockstream/data/Database.h"
#include "store/ChatStore.h"

using namespace Poco::Data::Keywords;

namespace sockstream::chat {

namespace {

void insertLog(Poco::Data::Session& session, ModerationLogEntry e) {
    session << "INSERT INTO chat_moderation_log (id, room_id, at_ms, actor_id, actor_name, action, target_id,"
               " target_name, detail, reason, until_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        use(e.id), use(e.roomId), use(e.atMs), use(e.actorId), use(e.actorName), use(e.action), use(e.targetId),
        use(e.targetName), use(e.detail), use(e.reason), use(e.untilMs), now;
}

std::string text(Poco::Data::RecordSet& rows, std::size_t column) {
    return rows.value(column).isEmpty() ? std::string() : rows.value(column).convert<std::string>();
}

}  // namespace

ModerationSnapshot ModerationStore::load(std::int64_t nowMs) {
    ModerationSnapshot snapshot;
    Poco::Data::Session session = _database.session();
    {
        Poco::Data::Statement select(session);
        select << "SELECT room_id, user_id, user_name, added_at FROM chat_moderators";
        select.execute();
        Poco::Data::RecordSet rows(select);
        for (bool more = rows.moveFirst(); more; more = rows.moveNext())
            snapshot.moderators.push_back(
                {text(rows, 0), text(rows, 1), text(rows, 2), rows.value(3).convert<std::int64_t>()});
    }
    {
        Poco::Data::Statement select(session);
        select << "SELECT room_id, user_id, kind, user_name, until_ms FROM chat_sanctions";
        select.execute();
        Poco::Data::RecordSet rows(select);
        for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
            SanctionRow row{text(rows, 0), text(rows, 1), text(rows, 2), text(rows, 3), rows.value(4).convert<std::int64_t>()};
            if (row.kind == "timeout" && row.untilMs <= nowMs) continue;
            snapshot.sanctions.push_back(std::move(row));
        }
    }
    {
        Poco::Data::Statement select(session);
        select << "SELECT room_id, slow_mode_seconds, established_minutes FROM chat_room_settings";
        select.execute();
        Poco::Data::RecordSet rows(select);
        for (bool more = rows.moveFirst(); more; more = rows.moveNext())
            snapshot.settings.emplace_back(text(rows, 0),
                                           RoomChatSettings{rows.value(1).convert<int>(), rows.value(2).convert<int>()});
    }
    return snapshot;
}

std::vector<ModeratorRow> ModerationStore::moderators(const std::string& roomId) {
    std::vector<ModeratorRow> found;
    Poco::Data::Session session = _database.session();
    std::string room = roomId;
    Poco::Data::Statement select(session);
    select << "SELECT user_id, user_name, added_at FROM chat_moderators WHERE room_id = ? ORDER BY added_at", use(room);
    select.execute();
    Poco::Data::RecordSet rows(select);
    for (bool more = rows.moveFirst(); more; more = rows.moveNext())
        found.push_back({roomId, text(rows, 0), text(rows, 1), rows.value(2).convert<std::int64_t>()});
    return found;
}

std::vector<SanctionRow> ModerationStore::sanctions(const std::string& roomId, std::int64_t nowMs) {
    std::vector<SanctionRow> found;
    Poco::Data::Session session = _database.session();
    std::string room = roomId;
    Poco::Data::Statement select(session);
    select << "SELECT user_id, kind, user_name, until_ms FROM chat_sanctions WHERE room_id = ? ORDER BY user_name",
        use(room);
    select.execute();
    Poco::Data::RecordSet rows(select);
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        SanctionRow row{roomId, text(rows, 0), text(rows, 1), text(rows, 2), rows.value(3).convert<std::int64_t>()};
        if (row.kind == "timeout" && row.untilMs <= nowMs) continue;
        found.push_back(std::move(row));
    }
    return found;
}

std::vector<ModerationLogEntry> ModerationStore::log(const std::string& roomId, int limit) {
    std::vector<ModerationLogEntry> entries;
    Poco::Data::Session session = _database.session();
    std::string room = roomId;
    Poco::Data::Statement select(session);
    select << "SELECT id, at_ms, actor_id, actor_name, action, target_id, target_name, detail, reason, until_ms"
              " FROM chat_moderation_log WHERE room_id = ? ORDER BY at_ms DESC, id LIMIT ?",
        use(room), use(limit);
    select.execute();
    Poco::Data::RecordSet rows(select);
    for (bool more = rows.moveFirst(); more; more = rows.moveNext())
        entries.push_back({text(rows, 0), roomId, rows.value(1).convert<std::int64_t>(), text(rows, 2), text(rows, 3),
                           text(rows, 4), text(rows, 5), text(rows, 6), text(rows, 7), text(rows, 8),
                           rows.value(9).convert<std::int64_t>()});
    return entries;
}

void ModerationStore::setModerator(const ModeratorRow& row, bool moderator, const ModerationLogEntry& entry, Done done) {
    _store.write(
        [row = row, moderator, entry = entry](Poco::Data::Session& session) mutable {
            session << "DELETE FROM chat_moderators WHERE room_id = ? AND user_id = ?", use(row.roomId), use(row.userId), now;
            if (moderator)
                session << "INSERT INTO chat_moderators (room_id, user_id, user_name, added_by, added_at) VALUES (?, ?, ?, ?, ?)",
                    use(row.roomId), use(row.userId), use(row.userName), use(entry.actorId), use(row.addedAtMs), now;
            insertLog(session, entry);
        },
        std::move(done));
}

void ModerationStore::setSanction(const SanctionRow& row, bool on, const ModerationLogEntry& entry, Done done) {
    _store.write(
        [row = row, on, entry = entry](Poco::Data::Session& session) mutable {
            session << "DELETE FROM chat_sanctions WHERE room_id = ? AND user_id = ? AND kind = ?", use(row.roomId),
                use(row.userId), use(row.kind), now;
            if (on)
                session << "INSERT INTO chat_sanctions (room_id, user_id, kind, user_name, until_ms) VALUES (?, ?, ?, ?, ?)",
                    use(row.roomId), use(row.userId), use(row.kind), use(row.userName), use(row.untilMs), now;
            insertLog(session, entry);
        },
        std::move(done));
}

void ModerationStore::setSettings(const std::string& roomId, const RoomChatSettings& settings,
                                  const ModerationLogEntry& entry, Done done) {
    _store.write(
        [roomId = roomId, settings, entry = entry](Poco::Data::Session& session) mutable {
            int slow = settings.slowModeSeconds;
            int established = settings.establishedMinutes;
            session << "DELETE FROM chat_room_settings WHERE room_id = ?", use(roomId), now;
            session << "INSERT INTO chat_room_settings (room_id, slow_mode_seconds, established_minutes) VALUES (?, ?, ?)",
                use(roomId), use(slow), use(established), now;
            insertLog(session, entry);
        },
        std::move(done));
}

void ModerationStore::addLog(const ModerationLogEntry& entry, Done done) {
    _store.write([entry](Poco::Data::Session& session) { insertLog(session, entry); }, std::move(done));
}

}  // namespace sockstream::chat
