#include "RecordingRoutes.h"

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "RecorderThread.h"
#include "RecordingId.h"
#include "RecordingJson.h"
#include "sockstream-text/Utf8.h"
#include "sockstream/http/HttpRouter.h"
#include "sockstream/http/JsonBody.h"
#include "sockstream/identity/Identity.h"
#include "sockstream/rooms/Rooms.h"
#include "sockstream/util/SealedBytes.h"

namespace sockstream::recordings {

namespace {

constexpr std::size_t kTitleMaxLength = 140;

HttpError notFound() { return HttpError(404, "recording_not_found", "There is no such recording."); }

/// `length` bytes at `offset` of a recording's media file; 404 when the file is shorter (deleted meanwhile).
std::string readRange(const std::filesystem::path& file, std::int64_t offset, std::int64_t length) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw notFound();
    std::string bytes(static_cast<std::size_t>(length), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t got = ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + static_cast<std::int64_t>(done)));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        done += static_cast<std::size_t>(got);
    }
    ::close(fd);
    if (done != bytes.size()) throw notFound();
    return bytes;
}

/// A file name for Content-Disposition: the title in ASCII letters, digits, '-' and '_'.
std::string downloadName(const RecordingRow& row) {
    std::string name;
    for (char c : row.title) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
            name.push_back(c);
        else if (!name.empty() && name.back() != '-')
            name.push_back('-');
        if (name.size() >= 60) break;
    }
    while (!name.empty() && name.back() == '-') name.pop_back();
    return (name.empty() ? "recording" : name) + "-" + row.id + ".mp4";
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

}  // namespace

void RecordingRoutes::registerAll() {
    HttpRouter& http = _context.http();
    http.add("GET", "/recordings/{id}/{file}", [this](const HttpRequest& r) { return media(r); });
    http.add("GET", "/api/rooms/{roomId}/recordings", [this](const HttpRequest& r) { return listRoom(r); });
    http.add("GET", "/api/recordings/{id}", [this](const HttpRequest& r) { return getOne(r); });
    http.add("PATCH", "/api/recordings/{id}", [this](const HttpRequest& r) { return patchOne(r); });
    http.add("DELETE", "/api/recordings/{id}", [this](const HttpRequest& r) { return deleteOne(r); });
    http.add("GET", "/api/rooms/{roomId}/recording-settings", [this](const HttpRequest& r) { return getSettings(r); });
    http.add("PUT", "/api/rooms/{roomId}/recording-settings", [this](const HttpRequest& r) { return putSettings(r); });
}

bool RecordingRoutes::ownerOrAdmin(const HttpRequest& request, const std::string& roomId) {
    auto user = _context.identity().authenticate(request);
    return user && _context.rooms().isOwnerOrAdmin(roomId, user->user.id);
}

void RecordingRoutes::requireRoomOwner(const HttpRequest& request, const std::string& roomId) {
    auto user = _context.identity().authenticate(request);
    if (!user) throw HttpError(401, "not_signed_in", "Sign in first.");
    if (!_context.rooms().findRoom(roomId)) throw HttpError(404, "room_not_found", "There is no such room.");
    if (!_context.rooms().isOwnerOrAdmin(roomId, user->user.id))
        throw HttpError(403, "not_room_owner", "Only the room's owner can do that.");
}

RecordingRow RecordingRoutes::visibleRecording(const HttpRequest& request, const std::string& id) {
    if (!isRecordingId(id)) throw notFound();
    auto row = _store.find(id);
    if (!row) throw notFound();
    if (!row->listed && !ownerOrAdmin(request, row->roomId)) throw notFound();
    return *row;
}

RecordingRow RecordingRoutes::ownedRecording(const HttpRequest& request, const std::string& id) {
    if (!isRecordingId(id)) throw notFound();
    auto user = _context.identity().authenticate(request);
    if (!user) throw HttpError(401, "not_signed_in", "Sign in first.");
    auto row = _store.find(id);
    if (!row) throw notFound();
    if (!_context.rooms().isOwnerOrAdmin(row->roomId, user->user.id)) {
        if (!row->listed) throw notFound();
        throw HttpError(403, "not_room_owner", "Only the room's owner can do that.");
    }
    return *row;
}

HttpResponse RecordingRoutes::media(const HttpRequest& request) {
    const auto file = parseMediaFile(request.param("file"));
    if (!file) throw notFound();
    const RecordingRow row = visibleRecording(request, request.param("id"));
    const auto folder = std::filesystem::path(_config.directory) / row.id;
    const auto mediaFile = folder / "media.mp4";
    const bool finished = row.state != "recording";
    // Unlisted recordings are the owner's: no shared cache may keep them.
    const std::string scope = row.listed ? "public" : "private";
    HttpResponse response(200);
    switch (file->kind) {
        case MediaFile::Kind::Playlist: {
            response.setBody(vodPlaylist(_store.segments(row.id), finished), "application/vnd.apple.mpegurl");
            response.setHeader("Cache-Control", finished ? scope + ", max-age=60" : std::string("no-cache"));
            return response;
        }
        case MediaFile::Kind::Init: {
            if (row.initBytes <= 0) throw notFound();
            response.setSealedBody(SealedBytes::copyOf(readRange(mediaFile, 0, row.initBytes)), "video/mp4");
            response.setHeader("ETag", "\"" + row.id + "-init\"");
            break;
        }
        case MediaFile::Kind::Segment: {
            auto segment = _store.segment(row.id, file->segment);
            if (!segment) throw notFound();
            response.setSealedBody(SealedBytes::copyOf(readRange(mediaFile, segment->byteOffset, segment->byteSize)),
                                   "video/iso.segment");
            response.setHeader("ETag", "\"" + row.id + "-" + std::to_string(segment->sequence) + "\"");
            break;
        }
        case MediaFile::Kind::Poster: {
            if (!row.hasPoster) throw notFound();
            std::error_code error;
            const auto size = std::filesystem::file_size(folder / "poster.jpg", error);
            if (error) throw notFound();
            response.setBody(readRange(folder / "poster.jpg", 0, static_cast<std::int64_t>(size)), "image/jpeg");
            response.setHeader("ETag", "\"" + row.id + "-poster\"");
            break;
        }
        case MediaFile::Kind::Download: {
            if (row.sizeBytes <= row.initBytes) throw notFound();
            // The media file is one fragmented MP4 already (init section, then
            // every fragment): served from the file itself, up to the last
            // indexed fragment, with sendfile and ranges; never read into memory.
            auto mapped = SealedBytes::mapFile(mediaFile.string(), static_cast<std::size_t>(row.sizeBytes));
            if (!mapped) throw notFound();
            response.setSealedBody(std::move(mapped), "video/mp4");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + downloadName(row) + "\"");
            response.setHeader("ETag", "\"" + row.id + "-" + std::to_string(row.sizeBytes) + "\"");
            response.setHeader("Cache-Control", scope + ", no-cache");
            response.allowRanges();
            return response;
        }
    }
    // Segments, the init section and the poster never change once indexed.
    response.setHeader("Cache-Control", scope + ", max-age=31536000, immutable");
    response.allowRanges();
    return response;
}

HttpResponse RecordingRoutes::listRoom(const HttpRequest& request) {
    const std::string& roomId = request.param("roomId");
    if (!_context.rooms().findRoom(roomId)) throw HttpError(404, "room_not_found", "There is no such room.");
    const bool owner = ownerOrAdmin(request, roomId);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& row : _store.listRoom(roomId))
        if (row.listed || owner) list->add(recordingJson(row));
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("recordings", list);
    auto response = HttpResponse::json(200, body);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse RecordingRoutes::getOne(const HttpRequest& request) {
    const RecordingRow row = visibleRecording(request, request.param("id"));
    auto body = recordingJson(row);
    body->set("timeline", timelineJson(timelineOf(_store.segments(row.id))));
    auto response = HttpResponse::json(200, body);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse RecordingRoutes::patchOne(const HttpRequest& request) {
    RecordingRow row = ownedRecording(request, request.param("id"));
    JsonBody body(request);
    for (const auto& [key, value] : body.object())
        if (key != "title" && key != "listed")
            throw HttpError(400, "invalid_field", "\"" + key + "\" cannot be changed (only title and listed).");
    if (auto title = body.optionalString("title")) {
        const std::string clean = trimmed(*title);
        const auto length = lib::text::utf8Length(clean);
        if (!length || *length == 0 || *length > kTitleMaxLength || lib::text::hasControlCharacters(clean))
            throw HttpError(400, "invalid_title", "A title is 1 to 140 characters on one line.");
        _store.setTitle(row.id, clean);
        row.title = clean;
    }
    if (auto listed = body.optionalBool("listed")) {
        _store.setListed(row.id, *listed);
        row.listed = *listed;
    }
    return HttpResponse::json(200, recordingJson(row));
}

HttpResponse RecordingRoutes::deleteOne(const HttpRequest& request) {
    const RecordingRow row = ownedRecording(request, request.param("id"));
    if (row.state == "recording")
        throw HttpError(409, "recording_in_progress", "The recording is still going on; it can be deleted once the broadcast ends.");
    _store.remove(row.id);
    std::error_code ignored;
    std::filesystem::remove_all(std::filesystem::path(_config.directory) / row.id, ignored);
    _context.logger().information("recordings: recording %s deleted by its owner", row.id);
    return HttpResponse(204);
}

HttpResponse RecordingRoutes::getSettings(const HttpRequest& request) {
    const std::string& roomId = request.param("roomId");
    requireRoomOwner(request, roomId);
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("enabled", _store.roomEnabled(roomId).value_or(_config.recordByDefault));
    body->set("roomQuotaMiB", _config.roomQuotaMiB);
    body->set("usedMiB", static_cast<double>(_store.roomUsedBytes(roomId)) / (1024.0 * 1024.0));
    auto response = HttpResponse::json(200, body);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse RecordingRoutes::putSettings(const HttpRequest& request) {
    const std::string& roomId = request.param("roomId");
    requireRoomOwner(request, roomId);
    JsonBody body(request);
    const auto enabled = body.optionalBool("enabled");
    if (!enabled) throw HttpError(400, "missing_field", "\"enabled\" (true or false) is required.");
    _store.setRoomEnabled(roomId, *enabled);
    return getSettings(request);
}

}  // namespace sockstream::recordings
