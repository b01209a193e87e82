#include "RecordingJson.h"

#include <Poco/Dynamic/Var.h>

#include "sockstream-text/IsoTime.h"

namespace sockstream::recordings {

Poco::JSON::Object::Ptr recordingJson(const RecordingRow& row) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    const std::string base = "/recordings/" + row.id + "/";
    json->set("id", row.id);
    json->set("roomId", row.roomId);
    json->set("title", row.title);
    json->set("startedAt", lib::text::isoTime(row.startedAtMs));
    json->set("startedAtMs", row.startedAtMs);
    const bool ended = row.endedAtMs > 0;
    json->set("endedAt", ended ? Poco::Dynamic::Var(lib::text::isoTime(row.endedAtMs)) : Poco::Dynamic::Var());
    json->set("endedAtMs", ended ? Poco::Dynamic::Var(row.endedAtMs) : Poco::Dynamic::Var());
    json->set("durationMs", row.durationMs);
    json->set("state", row.state);
    json->set("stopReason", row.stopReason.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(row.stopReason));
    json->set("listed", row.listed);
    json->set("sizeBytes", row.sizeBytes);
    json->set("posterUrl", row.hasPoster ? Poco::Dynamic::Var(base + "poster.jpg") : Poco::Dynamic::Var());
    json->set("playlistUrl", base + "index.m3u8");
    json->set("downloadUrl", base + "download.mp4");
    return json;
}

Poco::JSON::Array::Ptr timelineJson(const std::vector<TimelinePiece>& pieces) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& piece : pieces) {
        Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
        entry->set("atMs", piece.atMs);
        entry->set("mediaStartSec", piece.mediaStartSec);
        entry->set("durationSec", piece.durationSec);
        list->add(entry);
    }
    return list;
}

}  // namespace sockstream::recordings
