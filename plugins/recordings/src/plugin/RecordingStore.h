#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "RecordingIndex.h"
#include "RetentionPolicy.h"

namespace sockstream {
class Database;
}

namespace sockstream::recordings {

/// One row of the recordings table.
struct RecordingRow {
    std::string id;
    std::string roomId;
    std::string broadcastId;
    std::string title;
    std::string state = "recording";  ///< "recording", "complete", "cut_short", "stopped"
    std::string stopReason;           ///< empty: none
    bool listed = true;
    std::int64_t startedAtMs = 0;
    std::int64_t endedAtMs = 0;       ///< 0: not ended
    std::int64_t durationMs = 0;
    std::int64_t sizeBytes = 0;       ///< init section and indexed segments: the playable bytes
    std::int64_t initBytes = 0;
    bool hasPoster = false;
};

/// The recordings index in the server's database (SQLite or PostgreSQL),
/// under the migration name "recordings". Every method blocks: call it from a
/// worker (HTTP worker handlers, the recorder's thread).
class RecordingStore {
public:
    explicit RecordingStore(Database& database) : _database(database) {}

    void migrate();

    void insert(const RecordingRow& row);
    void setInit(const std::string& id, std::int64_t initBytes);
    /// Indexes a complete segment and the recording's new size and duration in one transaction.
    void addSegment(const std::string& id, const SegmentEntry& segment, std::int64_t sizeBytes, std::int64_t durationMs);
    void finish(const std::string& id, const std::string& state, const std::string& stopReason, std::int64_t endedAtMs);
    void setPoster(const std::string& id);
    void setTitle(const std::string& id, const std::string& title);
    void setListed(const std::string& id, bool listed);
    void remove(const std::string& id);

    std::optional<RecordingRow> find(const std::string& id);
    /// Newest first.
    std::vector<RecordingRow> listRoom(const std::string& roomId);
    std::vector<RecordingRow> inState(const std::string& state);
    std::vector<SegmentEntry> segments(const std::string& id);
    std::optional<SegmentEntry> segment(const std::string& id, std::int64_t sequence);
    std::vector<StoredRecording> everything();
    std::int64_t roomUsedBytes(const std::string& roomId);

    /// The owner's switch; nothing when the owner never set it (the config's default applies).
    std::optional<bool> roomEnabled(const std::string& roomId);
    void setRoomEnabled(const std::string& roomId, bool enabled);

private:
    std::vector<RecordingRow> select(const std::string& where, const std::string& value);

    Database& _database;
};

}  // namespace sockstream::recordings
