#include "RecordingStore.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "sockstream/data/Database.h"

using namespace Poco::Data::Keywords;

namespace sockstream::recordings {

namespace {
constexpr const char* kColumns =
    "SELECT id, room_id, broadcast_id, title, state, stop_reason, listed, started_at, ended_at, duration_ms,"
    " size_bytes, init_bytes, has_poster FROM recordings";

RecordingRow rowAt(Poco::Data::RecordSet& rows) {
    RecordingRow row;
    row.id = rows.value(0).convert<std::string>();
    row.roomId = rows.value(1).convert<std::string>();
    row.broadcastId = rows.value(2).convert<std::string>();
    row.title = rows.value(3).convert<std::string>();
    row.state = rows.value(4).convert<std::string>();
    row.stopReason = rows.value(5).convert<std::string>();
    row.listed = rows.value(6).convert<int>() != 0;
    row.startedAtMs = rows.value(7).convert<std::int64_t>();
    row.endedAtMs = rows.value(8).convert<std::int64_t>();
    row.durationMs = rows.value(9).convert<std::int64_t>();
    row.sizeBytes = rows.value(10).convert<std::int64_t>();
    row.initBytes = rows.value(11).convert<std::int64_t>();
    row.hasPoster = rows.value(12).convert<int>() != 0;
    return row;
}

SegmentEntry segmentAt(Poco::Data::RecordSet& rows) {
    SegmentEntry segment;
    segment.sequence = rows.value(0).convert<std::int64_t>();
    segment.piece = rows.value(1).convert<int>();
    segment.mediaStartSec = static_cast<double>(rows.value(2).convert<std::int64_t>()) / 1e6;
    segment.durationSec = static_cast<double>(rows.value(3).convert<std::int64_t>()) / 1e6;
    segment.byteOffset = rows.value(4).convert<std::int64_t>();
    segment.byteSize = rows.value(5).convert<std::int64_t>();
    segment.wallClockMs = rows.value(6).convert<std::int64_t>();
    return segment;
}

constexpr const char* kSegmentColumns =
    "SELECT seq, piece, media_start_us, duration_us, byte_offset, byte_size, wall_ms FROM recording_segments";
}  // namespace

void RecordingStore::migrate() {
    _database.migrate("recordings", {
        {1, "recordings, their segments and the rooms' recording switch",
         "CREATE TABLE recordings ("
         " id TEXT PRIMARY KEY,"
         " room_id TEXT NOT NULL,"
         " broadcast_id TEXT NOT NULL,"
         " title TEXT NOT NULL,"
         " state TEXT NOT NULL,"
         " stop_reason TEXT NOT NULL,"
         " listed INTEGER NOT NULL,"
         " started_at BIGINT NOT NULL,"
         " ended_at BIGINT NOT NULL,"
         " duration_ms BIGINT NOT NULL,"
         " size_bytes BIGINT NOT NULL,"
         " init_bytes BIGINT NOT NULL,"
         " has_poster INTEGER NOT NULL);"
         "CREATE INDEX recordings_room_started ON recordings (room_id, started_at);"
         "CREATE TABLE recording_segments ("
         " recording_id TEXT NOT NULL,"
         " seq BIGINT NOT NULL,"
         " piece INTEGER NOT NULL,"
         " media_start_us BIGINT NOT NULL,"
         " duration_us BIGINT NOT NULL,"
         " byte_offset BIGINT NOT NULL,"
         " byte_size BIGINT NOT NULL,"
         " wall_ms BIGINT NOT NULL,"
         " PRIMARY KEY (recording_id, seq));"
         "CREATE TABLE recording_settings (room_id TEXT PRIMARY KEY, enabled INTEGER NOT NULL)"},
    });
}

void RecordingStore::insert(const RecordingRow& row) {
    auto session = _database.session();
    RecordingRow r = row;
    int listed = r.listed ? 1 : 0;
    int poster = r.hasPoster ? 1 : 0;
    session << "INSERT INTO recordings (id, room_id, broadcast_id, title, state, stop_reason, listed, started_at,"
               " ended_at, duration_ms, size_bytes, init_bytes, has_poster) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        use(r.id), use(r.roomId), use(r.broadcastId), use(r.title), use(r.state), use(r.stopReason), use(listed),
        use(r.startedAtMs), use(r.endedAtMs), use(r.durationMs), use(r.sizeBytes), use(r.initBytes), use(poster), now;
}

void RecordingStore::setInit(const std::string& id, std::int64_t initBytes) {
    auto session = _database.session();
    std::string key = id;
    session << "UPDATE recordings SET init_bytes = ?, size_bytes = ? WHERE id = ?", use(initBytes), use(initBytes),
        use(key), now;
}

void RecordingStore::addSegment(const std::string& id, const SegmentEntry& segment, std::int64_t sizeBytes,
                                std::int64_t durationMs) {
    auto session = _database.session();
    std::string key = id;
    SegmentEntry s = segment;
    std::int64_t startUs = static_cast<std::int64_t>(s.mediaStartSec * 1e6 + 0.5);
    std::int64_t durationUs = static_cast<std::int64_t>(s.durationSec * 1e6 + 0.5);
    session.begin();
    try {
        session << "INSERT INTO recording_segments (recording_id, seq, piece, media_start_us, duration_us, byte_offset,"
                   " byte_size, wall_ms) VALUES (?,?,?,?,?,?,?,?)",
            use(key), use(s.sequence), use(s.piece), use(startUs), use(durationUs), use(s.byteOffset), use(s.byteSize),
            use(s.wallClockMs), now;
        session << "UPDATE recordings SET size_bytes = ?, duration_ms = ? WHERE id = ?", use(sizeBytes),
            use(durationMs), use(key), now;
        session.commit();
    } catch (...) {
        if (session.isTransaction()) session.rollback();
        throw;
    }
}

void RecordingStore::finish(const std::string& id, const std::string& state, const std::string& stopReason,
                            std::int64_t endedAtMs) {
    auto session = _database.session();
    std::string key = id, s = state, reason = stopReason;
    session << "UPDATE recordings SET state = ?, stop_reason = ?, ended_at = ? WHERE id = ?", use(s), use(reason),
        use(endedAtMs), use(key), now;
}

void RecordingStore::setPoster(const std::string& id) {
    auto session = _database.session();
    std::string key = id;
    session << "UPDATE recordings SET has_poster = 1 WHERE id = ?", use(key), now;
}

void RecordingStore::setTitle(const std::string& id, const std::string& title) {
    auto session = _database.session();
    std::string key = id, t = title;
    session << "UPDATE recordings SET title = ? WHERE id = ?", use(t), use(key), now;
}

void RecordingStore::setListed(const std::string& id, bool listed) {
    auto session = _database.session();
    std::string key = id;
    int value = listed ? 1 : 0;
    session << "UPDATE recordings SET listed = ? WHERE id = ?", use(value), use(key), now;
}

void RecordingStore::remove(const std::string& id) {
    auto session = _database.session();
    std::string key = id;
    session.begin();
    try {
        session << "DELETE FROM recording_segments WHERE recording_id = ?", use(key), now;
        session << "DELETE FROM recordings WHERE id = ?", use(key), now;
        session.commit();
    } catch (...) {
        if (session.isTransaction()) session.rollback();
        throw;
    }
}

std::vector<RecordingRow> RecordingStore::select(const std::string& where, const std::string& value) {
    auto session = _database.session();
    std::string v = value;
    Poco::Data::Statement statement(session);
    statement << std::string(kColumns) + where, use(v);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    std::vector<RecordingRow> result;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) result.push_back(rowAt(rows));
    return result;
}

std::optional<RecordingRow> RecordingStore::find(const std::string& id) {
    auto rows = select(" WHERE id = ?", id);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::vector<RecordingRow> RecordingStore::listRoom(const std::string& roomId) {
    return select(" WHERE room_id = ? ORDER BY started_at DESC", roomId);
}

std::vector<RecordingRow> RecordingStore::inState(const std::string& state) {
    return select(" WHERE state = ? ORDER BY started_at", state);
}

std::vector<SegmentEntry> RecordingStore::segments(const std::string& id) {
    auto session = _database.session();
    std::string key = id;
    Poco::Data::Statement statement(session);
    statement << std::string(kSegmentColumns) + " WHERE recording_id = ? ORDER BY seq", use(key);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    std::vector<SegmentEntry> result;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) result.push_back(segmentAt(rows));
    return result;
}

std::optional<SegmentEntry> RecordingStore::segment(const std::string& id, std::int64_t sequence) {
    auto session = _database.session();
    std::string key = id;
    std::int64_t seq = sequence;
    Poco::Data::Statement statement(session);
    statement << std::string(kSegmentColumns) + " WHERE recording_id = ? AND seq = ?", use(key), use(seq);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    if (!rows.moveFirst()) return std::nullopt;
    return segmentAt(rows);
}

std::vector<StoredRecording> RecordingStore::everything() {
    auto session = _database.session();
    Poco::Data::Statement statement(session);
    statement << "SELECT id, room_id, started_at, size_bytes, state FROM recordings";
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    std::vector<StoredRecording> result;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        StoredRecording r;
        r.id = rows.value(0).convert<std::string>();
        r.roomId = rows.value(1).convert<std::string>();
        r.startedAtMs = rows.value(2).convert<std::int64_t>();
        r.sizeBytes = rows.value(3).convert<std::int64_t>();
        r.inProgress = rows.value(4).convert<std::string>() == "recording";
        result.push_back(std::move(r));
    }
    return result;
}

std::int64_t RecordingStore::roomUsedBytes(const std::string& roomId) {
    std::int64_t used = 0;
    for (const auto& row : listRoom(roomId)) used += row.sizeBytes;
    return used;
}

std::optional<bool> RecordingStore::roomEnabled(const std::string& roomId) {
    auto session = _database.session();
    std::string key = roomId;
    Poco::Data::Statement statement(session);
    statement << "SELECT enabled FROM recording_settings WHERE room_id = ?", use(key);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    if (!rows.moveFirst()) return std::nullopt;
    return rows.value(0).convert<int>() != 0;
}

void RecordingStore::setRoomEnabled(const std::string& roomId, bool enabled) {
    auto session = _database.session();
    std::string key = roomId;
    int value = enabled ? 1 : 0;
    session.begin();
    try {
        session << "DELETE FROM recording_settings WHERE room_id = ?", use(key), now;
        session << "INSERT INTO recording_settings (room_id, enabled) VALUES (?, ?)", use(key), use(value), now;
        session.commit();
    } catch (...) {
        if (session.isTransaction()) session.rollback();
        throw;
    }
}

}  // namespace sockstream::recordings
