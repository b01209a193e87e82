#include "DestinationStore.h"

#include <chrono>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include "sockstream/util/Random.h"

using namespace Poco::Data::Keywords;

namespace sockstream::restream {

namespace {

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// What the key is sealed to: moving a sealed key to another row or room fails to open.
std::string binding(const Destination& d) { return d.roomId + "/" + d.id; }

std::vector<Destination> select(Poco::Data::Session& session, const std::string& where, std::vector<std::string> values) {
    Poco::Data::Statement statement(session);
    statement << "SELECT id, room_id, name, url, sealed_key, enabled, created_at, updated_at"
                 " FROM restream_destinations WHERE " + where + " ORDER BY created_at, id";
    for (auto& value : values) statement, use(value);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    std::vector<Destination> out;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        Destination d;
        d.id = rows.value(0).convert<std::string>();
        d.roomId = rows.value(1).convert<std::string>();
        d.name = rows.value(2).convert<std::string>();
        d.url = rows.value(3).convert<std::string>();
        d.sealedKey = rows.value(4).convert<std::string>();
        d.enabled = rows.value(5).convert<int>() != 0;
        d.createdAt = rows.value(6).convert<std::int64_t>();
        d.updatedAt = rows.value(7).convert<std::int64_t>();
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace

void DestinationStore::migrate() {
    _database.migrate("restream", {
        {1, "restream destinations",
         "CREATE TABLE restream_destinations ("
         " id TEXT PRIMARY KEY,"
         " room_id TEXT NOT NULL,"
         " name TEXT NOT NULL,"
         " url TEXT NOT NULL,"
         " sealed_key TEXT NOT NULL,"
         " enabled INTEGER NOT NULL,"
         " created_at BIGINT NOT NULL,"
         " updated_at BIGINT NOT NULL);"
         "CREATE INDEX restream_destinations_room ON restream_destinations (room_id)"},
    });
}

std::vector<Destination> DestinationStore::list(const std::string& roomId) {
    auto session = _database.session();
    return select(session, "room_id = ?", {roomId});
}

std::optional<Destination> DestinationStore::find(const std::string& roomId, const std::string& id) {
    auto session = _database.session();
    auto rows = select(session, "room_id = ? AND id = ?", {roomId, id});
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

Destination DestinationStore::create(const std::string& roomId, const std::string& name, const std::string& url,
                                     const std::string& key, bool enabled) {
    Destination d;
    d.id = secureRandomToken(12);
    d.roomId = roomId;
    d.name = name;
    d.url = url;
    d.enabled = enabled;
    d.createdAt = d.updatedAt = nowMs();
    d.sealedKey = _sealer.seal(key, binding(d));
    int enabledValue = d.enabled ? 1 : 0;
    auto session = _database.session();
    session << "INSERT INTO restream_destinations (id, room_id, name, url, sealed_key, enabled, created_at, updated_at)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        use(d.id), use(d.roomId), use(d.name), use(d.url), use(d.sealedKey), use(enabledValue), use(d.createdAt),
        use(d.updatedAt), now;
    return d;
}

Destination DestinationStore::update(Destination d, const std::optional<std::string>& newKey) {
    if (newKey) d.sealedKey = _sealer.seal(*newKey, binding(d));
    d.updatedAt = std::max(nowMs(), d.updatedAt + 1);
    int enabledValue = d.enabled ? 1 : 0;
    auto session = _database.session();
    session << "UPDATE restream_destinations SET name = ?, url = ?, sealed_key = ?, enabled = ?, updated_at = ?"
               " WHERE id = ? AND room_id = ?",
        use(d.name), use(d.url), use(d.sealedKey), use(enabledValue), use(d.updatedAt), use(d.id), use(d.roomId), now;
    return d;
}

bool DestinationStore::remove(const std::string& roomId, const std::string& id) {
    auto session = _database.session();
    std::string room = roomId, destination = id;
    Poco::Data::Statement statement(session);
    statement << "DELETE FROM restream_destinations WHERE id = ? AND room_id = ?", use(destination), use(room);
    return statement.execute() > 0;
}

void DestinationStore::removeRoom(const std::string& roomId) {
    auto session = _database.session();
    std::string room = roomId;
    session << "DELETE FROM restream_destinations WHERE room_id = ?", use(room), now;
}

std::optional<std::string> DestinationStore::openKey(const Destination& destination) const {
    return _sealer.open(destination.sealedKey, binding(destination));
}

}  // namespace sockstream::restream
