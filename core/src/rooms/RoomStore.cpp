#include "rooms/RoomStore.h"

#include <algorithm>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include "sockstream/util/Random.h"
#include "util/Text.h"

using namespace Poco::Data::Keywords;

namespace sockstream::core {

std::vector<Migration> RoomStore::migrations() {
    return {
        {1, "rooms and stream keys",
         "CREATE TABLE rooms ("
         "  id TEXT PRIMARY KEY,"
         "  channel_id TEXT NOT NULL,"
         "  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
         "  title TEXT NOT NULL,"
         "  description TEXT NOT NULL DEFAULT '',"
         "  created_at BIGINT NOT NULL,"
         "  updated_at BIGINT NOT NULL);"
         "CREATE INDEX rooms_by_channel ON rooms(channel_id);"
         "CREATE INDEX rooms_by_owner ON rooms(owner_id);"
         "CREATE TABLE stream_keys ("
         "  key_hash TEXT PRIMARY KEY,"
         "  room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,"
         "  state TEXT NOT NULL,"
         "  created_at BIGINT NOT NULL,"
         "  expires_at BIGINT NOT NULL,"
         "  broadcast_id TEXT NOT NULL DEFAULT '',"
         "  state_changed_at BIGINT NOT NULL);"
         "CREATE INDEX stream_keys_by_room ON stream_keys(room_id);"
         "CREATE INDEX stream_keys_by_broadcast ON stream_keys(broadcast_id)"},
        // Keys that fit OBS (persistent by default), and a per-user room limit the
        // database enforces: each room takes one of its owner's numbered slots, and
        // (owner, slot) is unique, so concurrent creates cannot exceed the limit.
        {2, "stream key modes and atomic room limits",
         "ALTER TABLE rooms ADD COLUMN stream_key_mode TEXT NOT NULL DEFAULT 'persistent';"
         "ALTER TABLE rooms ADD COLUMN owner_slot INTEGER NOT NULL DEFAULT 0;"
         "UPDATE rooms SET owner_slot = (SELECT COUNT(*) FROM rooms r2 WHERE r2.owner_id = rooms.owner_id AND"
         " (r2.created_at < rooms.created_at OR (r2.created_at = rooms.created_at AND r2.id < rooms.id)));"
         "CREATE UNIQUE INDEX rooms_owner_slot ON rooms(owner_id, owner_slot);"
         "UPDATE stream_keys SET expires_at = 0 WHERE state = 'active';"
         "CREATE INDEX stream_keys_by_state ON stream_keys(state, state_changed_at)"},
    };
}

std::vector<Room> RoomStore::select(const std::string& where, const std::string& value) {
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement query(session);
    std::string key = value;
    query << "SELECT r.id, r.channel_id, r.owner_id, u.name AS owner_name, r.title, r.description, r.created_at,"
             " r.updated_at, r.stream_key_mode FROM rooms r JOIN users u ON u.id = r.owner_id WHERE " + where +
                 " ORDER BY r.updated_at DESC",
        use(key), now;
    Poco::Data::RecordSet rows(query);
    std::vector<Room> rooms;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        Room room;
        room.id = rows["id"].convert<std::string>();
        room.channelId = rows["channel_id"].convert<std::string>();
        room.ownerId = rows["owner_id"].convert<std::string>();
        room.ownerName = rows["owner_name"].convert<std::string>();
        room.title = rows["title"].convert<std::string>();
        room.description = rows["description"].convert<std::string>();
        room.createdAt = rows["created_at"].convert<std::int64_t>();
        room.updatedAt = rows["updated_at"].convert<std::int64_t>();
        room.streamKeyMode = rows["stream_key_mode"].convert<std::string>();
        rooms.push_back(std::move(room));
    }
    return rooms;
}

std::optional<Room> RoomStore::find(const std::string& roomId) {
    auto rooms = select("r.id = ?", roomId);
    if (rooms.empty()) return std::nullopt;
    return rooms.front();
}

std::vector<Room> RoomStore::listByChannel(const std::string& channelId) { return select("r.channel_id = ?", channelId); }

std::vector<Room> RoomStore::listByOwner(const std::string& ownerId) { return select("r.owner_id = ?", ownerId); }

int RoomStore::countByOwner(const std::string& ownerId) {
    Poco::Data::Session session = _database.session();
    std::string owner = ownerId;
    int count = 0;
    session << "SELECT COUNT(*) FROM rooms WHERE owner_id = ?", use(owner), into(count), now;
    return count;
}

std::optional<std::string> RoomStore::emailOf(const std::string& userId) {
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement query(session);
    std::string id = userId;
    query << "SELECT email FROM users WHERE id = ?", use(id), now;
    Poco::Data::RecordSet rows(query);
    if (!rows.moveFirst()) return std::nullopt;
    return rows["email"].convert<std::string>();
}

std::vector<std::string> RoomStore::userIdsOf(const std::vector<std::string>& idsOrEmails) {
    std::vector<std::string> ids;
    if (idsOrEmails.empty()) return ids;
    Poco::Data::Session session = _database.session();
    for (const auto& entry : idsOrEmails) {
        std::string key = entry, email = toLower(entry);
        std::vector<std::string> found;
        session << "SELECT id FROM users WHERE id = ? OR email = ?", use(key), use(email), into(found), now;
        for (auto& id : found) ids.push_back(std::move(id));
    }
    return ids;
}

std::vector<int> RoomStore::slotsOf(const std::string& ownerId) {
    Poco::Data::Session session = _database.session();
    std::string owner = ownerId;
    std::vector<int> slots;
    session << "SELECT owner_slot FROM rooms WHERE owner_id = ?", use(owner), into(slots), now;
    return slots;
}

std::optional<Room> RoomStore::insert(Room room, int maxRooms) {
    room.id = secureRandomToken(9);
    room.createdAt = room.updatedAt = nowMillis();
    // Take the lowest free slot below the limit. The unique (owner_id, owner_slot)
    // index decides between concurrent creates: the loser sees its slot taken and
    // tries the next one, so the limit holds on SQLite and PostgreSQL alike.
    for (int attempt = 0; attempt <= maxRooms; ++attempt) {
        auto used = slotsOf(room.ownerId);
        int slot = 0;
        while (slot < maxRooms && std::find(used.begin(), used.end(), slot) != used.end()) ++slot;
        if (slot >= maxRooms) return std::nullopt;
        try {
            Poco::Data::Session session = _database.session();
            session << "INSERT INTO rooms (id, channel_id, owner_id, title, description, created_at, updated_at,"
                       " stream_key_mode, owner_slot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                use(room.id), use(room.channelId), use(room.ownerId), use(room.title), use(room.description),
                use(room.createdAt), use(room.updatedAt), use(room.streamKeyMode), use(slot), now;
            return room;
        } catch (const std::exception&) {
            auto taken = slotsOf(room.ownerId);
            if (std::find(taken.begin(), taken.end(), slot) == taken.end()) throw;  // not a lost race: a real error
        }
    }
    return std::nullopt;
}

void RoomStore::setStreamKeyMode(const std::string& roomId, const std::string& mode) {
    std::string id = roomId, value = mode;
    Poco::Data::Session session = _database.session();
    session << "UPDATE rooms SET stream_key_mode = ? WHERE id = ?", use(value), use(id), now;
}

void RoomStore::update(const Room& input) {
    Room room = input;
    Poco::Data::Session session = _database.session();
    session << "UPDATE rooms SET channel_id = ?, title = ?, description = ?, updated_at = ? WHERE id = ?",
        use(room.channelId), use(room.title), use(room.description), use(room.updatedAt), use(room.id), now;
}

void RoomStore::remove(const std::string& roomId) {
    std::string id = roomId;
    Poco::Data::Session session = _database.session();
    session << "DELETE FROM rooms WHERE id = ?", use(id), now;
}

}  // namespace sockstream::core
