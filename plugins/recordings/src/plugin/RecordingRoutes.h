#pragma once

#include "RecordingStore.h"
#include "RecordingsConfig.h"
#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponse.h"
#include "sockstream/plugin/PluginContext.h"

namespace sockstream::recordings {

class RecorderThread;

/// The recordings' HTTP side: media under /recordings/{id}/… (playlist, init
/// section, segments, poster, download) and the JSON API under /api. Every
/// handler runs on the core's worker pool (database and disk).
class RecordingRoutes {
public:
    RecordingRoutes(PluginContext& context, RecordingStore& store, const RecordingsConfig& config,
                    RecorderThread& recorder)
        : _context(context), _store(store), _config(config), _recorder(recorder) {}

    void registerAll();

private:
    HttpResponse media(const HttpRequest& request);
    HttpResponse listRoom(const HttpRequest& request);
    HttpResponse getOne(const HttpRequest& request);
    HttpResponse patchOne(const HttpRequest& request);
    HttpResponse deleteOne(const HttpRequest& request);
    HttpResponse getSettings(const HttpRequest& request);
    HttpResponse putSettings(const HttpRequest& request);

    /// The recording if this request may see it (listed, or the viewer owns the
    /// room or is an admin); 404 otherwise, so an unlisted one does not exist for others.
    RecordingRow visibleRecording(const HttpRequest& request, const std::string& id);
    /// The recording if the signed-in user owns its room or is an admin.
    RecordingRow ownedRecording(const HttpRequest& request, const std::string& id);
    bool ownerOrAdmin(const HttpRequest& request, const std::string& roomId);
    void requireRoomOwner(const HttpRequest& request, const std::string& roomId);

    PluginContext& _context;
    RecordingStore& _store;
    const RecordingsConfig& _config;
    RecorderThread& _recorder;
};

}  // namespace sockstream::recordings
