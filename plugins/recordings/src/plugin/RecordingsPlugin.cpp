#include "RecordingsPlugin.h"

#include <filesystem>

#include "RecordingId.h"

namespace sockstream::recordings {

namespace fs = std::filesystem;

void RecordingsPlugin::init(PluginContext& context) {
    _context = &context;
    _config = RecordingsConfig::parse(context);
    std::error_code error;
    fs::create_directories(_config->directory, error);
    if (error)
        throw std::runtime_error("recordings: cannot create the directory " + _config->directory + ": " + error.message());
    _store = std::make_unique<RecordingStore>(context.database());
    _store->migrate();
    recoverInterrupted();

    _recorder = std::make_shared<RecorderThread>(context, *_store, *_config);
    context.media().addObserver(_recorder);
    _routes = std::make_unique<RecordingRoutes>(context, *_store, *_config, *_recorder);
    _routes->registerAll();
    // A deleted room's recordings go with it (files and index).
    _roomDeleted = context.events().subscribe<RoomDeleted>([this](const RoomDeleted& event) {
        if (!event.originServer.empty()) return;
        _recorder->post([this, roomId = event.roomId] {
            for (const auto& row : _store->listRoom(roomId)) {
                if (row.state == "recording") continue;
                _store->remove(row.id);
                std::error_code ignored;
                fs::remove_all(fs::path(_config->directory) / row.id, ignored);
            }
        });
    });

    Poco::JSON::Object feature;
    feature.set("enabled", true);
    feature.set("recordByDefault", _config->recordByDefault);
    context.declareFeature(feature);
}

void RecordingsPlugin::start() {
    _recorder->start();
    _recorder->sweep();
    _sweepTimer = _context->scheduler().every(_config->sweepInterval, [recorder = std::weak_ptr(_recorder)] {
        if (auto alive = recorder.lock()) alive->sweep();
    });
    _context->logger().information("recordings: recording to %s (rooms record by default: %s)", _config->directory,
                                   std::string(_config->recordByDefault ? "yes" : "no"));
}

void RecordingsPlugin::stop() {
    if (_sweepTimer) _sweepTimer->cancel();
    if (_roomDeleted) _context->events().unsubscribe(_roomDeleted);
    if (_recorder) _recorder->stop();
}

void RecordingsPlugin::recoverInterrupted() {
    auto& logger = _context->logger();
    for (const auto& row : _store->inState("recording")) {
        const fs::path folder = fs::path(_config->directory) / row.id;
        const auto segments = _store->segments(row.id);
        std::error_code error;
        if (segments.empty()) {
            _store->remove(row.id);
            fs::remove_all(folder, error);
            logger.warning("recordings: recording %s of room %s had no complete segment when the server stopped; removed",
                           row.id, row.roomId);
            continue;
        }
        const auto& last = segments.back();
        const auto playable = static_cast<std::uintmax_t>(last.byteOffset + last.byteSize);
        // The fragment that was being written when the server died is not indexed: cut it off.
        if (fs::file_size(folder / "media.mp4", error) > playable && !error) fs::resize_file(folder / "media.mp4", playable, error);
        const auto endedAt = last.wallClockMs + static_cast<std::int64_t>(last.durationSec * 1000);
        _store->finish(row.id, "cut_short", "the server stopped during the recording", endedAt);
        logger.warning("recordings: recording %s of room %s was cut short when the server stopped; kept up to its last "
                       "complete segment (%s s)",
                       row.id, row.roomId, std::to_string(static_cast<long long>(last.mediaStartSec + last.durationSec)));
    }
    // A folder whose recording never reached the index (a crash before its first row) is debris.
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(_config->directory, error)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_directory() || !isRecordingId(name) || _store->find(name)) continue;
        std::error_code ignored;
        fs::remove_all(entry.path(), ignored);
    }
}

}  // namespace sockstream::recordings

SOCKSTREAM_PLUGIN(sockstream::recordings::RecordingsPlugin)
