#include "RestreamHub.h"

#include <chrono>

namespace sockstream::restream {

namespace {

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// Whether a destination must reconnect to change what its FLV header said.
bool sameTracks(const std::vector<TrackInfo>& a, const std::vector<TrackInfo>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].id != b[i].id || a[i].codec != b[i].codec || a[i].codecConfig != b[i].codecConfig) return false;
    return true;
}

}  // namespace

RestreamHub::RestreamHub(DestinationStore& store, const RestreamConfig& config, Scheduler& scheduler, Poco::Logger& logger)
    : _store(store), _config(config), _scheduler(scheduler), _logger(logger) {}

RestreamHub::~RestreamHub() { stopAll(); }

void RestreamHub::onStreamOpened(const StreamInfo& info, bool) {
    {
        std::lock_guard lock(_mutex);
        auto& room = _rooms[info.roomId];
        // A resumed broadcast with the same encoder settings keeps its connections.
        if (!sameTracks(room.tracks, info.tracks))
            for (auto& [id, running] : room.workers) running.worker->updateTracks(info.tracks);
        room.tracks = info.tracks;
    }
    destinationsChanged(info.roomId);
}

void RestreamHub::onTracksChanged(const StreamInfo& info) {
    std::lock_guard lock(_mutex);
    auto found = _rooms.find(info.roomId);
    if (found == _rooms.end() || sameTracks(found->second.tracks, info.tracks)) return;
    found->second.tracks = info.tracks;
    for (auto& [id, running] : found->second.workers) running.worker->updateTracks(info.tracks);
}

void RestreamHub::onPacket(const StreamInfo& info, const MediaPacket& packet) {
    std::lock_guard lock(_mutex);
    auto found = _rooms.find(info.roomId);
    if (found == _rooms.end()) return;
    for (auto& [id, running] : found->second.workers) running.worker->offer(packet);
}

void RestreamHub::onStreamInterrupted(const StreamInfo&) {
    // The encoder may come back within the grace window: connections to the
    // destinations stay open and carry on from its next keyframe.
}

void RestreamHub::onStreamClosed(const StreamInfo& info) {
    std::vector<std::unique_ptr<DestinationWorker>> ending;
    {
        std::lock_guard lock(_mutex);
        auto found = _rooms.find(info.roomId);
        if (found == _rooms.end()) return;
        for (auto& [id, running] : found->second.workers) ending.push_back(std::move(running.worker));
        _rooms.erase(found);
    }
    if (!ending.empty())
        _logger.information("restream: room %s ended: stopping %z destination(s)", info.roomId, ending.size());
    retire(std::move(ending));
}

void RestreamHub::destinationsChanged(const std::string& roomId) {
    _scheduler.postBlocking([this, roomId] { reconcile(roomId); });
}

void RestreamHub::reconcile(const std::string& roomId) {
    std::lock_guard serial(_reconcileMutex);
    {
        std::lock_guard lock(_mutex);
        if (!_rooms.count(roomId)) return;
    }
    std::vector<Destination> saved;
    try {
        saved = _store.list(roomId);
    } catch (const std::exception& e) {
        _logger.error("restream: room %s: reading its destinations failed: %s", roomId, std::string(e.what()));
        return;
    }
    std::map<std::string, std::pair<Destination, std::string>> wanted;  // id -> destination, plain key
    std::map<std::string, DestinationStatus> problems;
    for (const auto& d : saved) {
        if (!d.enabled) continue;
        auto key = _store.openKey(d);
        if (!key) {
            DestinationStatus s;
            s.state = "failed";
            s.lastError = "the saved stream key cannot be decrypted (the server's secret changed): enter the key again";
            s.lastErrorAt = s.since = nowMs();
            problems[d.id] = s;
            continue;
        }
        wanted.emplace(d.id, std::make_pair(d, std::move(*key)));
    }

    std::vector<std::unique_ptr<DestinationWorker>> ending;
    {
        std::lock_guard lock(_mutex);
        for (auto& [id, status] : problems) _problems[id] = status;
        auto found = _rooms.find(roomId);
        if (found == _rooms.end()) return;
        auto& workers = found->second.workers;
        for (auto it = workers.begin(); it != workers.end();) {
            auto want = wanted.find(it->first);
            if (want == wanted.end() || want->second.first.updatedAt != it->second.version) {
                ending.push_back(std::move(it->second.worker));
                it = workers.erase(it);
            } else {
                wanted.erase(want);
                ++it;
            }
        }
        for (auto& [id, entry] : wanted) {
            auto& [d, key] = entry;
            DestinationTarget target{d.id, d.name, d.url, key};
            auto info = [this](const std::string& line) { _logger.information(line); };
            auto warn = [this](const std::string& line) { _logger.warning(line); };
            Running running;
            running.version = d.updatedAt;
            running.worker = std::make_unique<DestinationWorker>(roomId, std::move(target), _config.worker,
                                                                 found->second.tracks, info, warn);
            workers.emplace(id, std::move(running));
            _problems.erase(id);
        }
    }
    retire(std::move(ending));
}

void RestreamHub::remember(const DestinationWorker& worker) {
    // Keep how the last run ended (its error) for the owner to read after the broadcast.
    auto status = worker.status();
    status.state = "idle";
    status.bitrateKbps = 0;
    status.since = nowMs();
    std::lock_guard lock(_mutex);
    _problems[worker.target().id] = status;
}

void RestreamHub::retire(std::vector<std::unique_ptr<DestinationWorker>> workers) {
    if (workers.empty()) return;
    for (auto& worker : workers) worker->requestStop();
    {
        // Held by the hub, not by the task: stopAll() joins what a task has not
        // reached yet, so no worker outlives the plugin.
        std::lock_guard lock(_mutex);
        for (auto& worker : workers) _retiring.push_back(std::move(worker));
    }
    // Joining takes up to a poll interval of FFmpeg's interrupt check: not on
    // the ingest's thread.
    _scheduler.postBlocking([this] { joinRetired(); });
}

void RestreamHub::joinRetired() {
    std::vector<std::unique_ptr<DestinationWorker>> joining;
    {
        std::lock_guard lock(_mutex);
        joining.swap(_retiring);
    }
    for (auto& worker : joining) {
        remember(*worker);
        worker.reset();
    }
}

DestinationStatus RestreamHub::status(const Destination& destination) const {
    std::lock_guard lock(_mutex);
    auto room = _rooms.find(destination.roomId);
    if (destination.enabled && room != _rooms.end()) {
        auto running = room->second.workers.find(destination.id);
        if (running != room->second.workers.end()) return running->second.worker->status();
    }
    DestinationStatus status;
    auto problem = _problems.find(destination.id);
    // A failure from before the owner last edited it (a new key) no longer applies.
    if (problem != _problems.end() && !(problem->second.state == "failed" && problem->second.lastErrorAt < destination.updatedAt))
        status = problem->second;
    if (!destination.enabled) status.state = "off";
    else if (status.state != "failed") status.state = "idle";
    status.bitrateKbps = 0;
    status.retryAt = 0;
    return status;
}

std::size_t RestreamHub::liveCount() const {
    std::lock_guard lock(_mutex);
    std::size_t live = 0;
    for (const auto& [roomId, room] : _rooms)
        for (const auto& [id, running] : room.workers) live += running.worker->status().state == "live" ? 1 : 0;
    return live;
}

void RestreamHub::stopAll() {
    std::vector<std::unique_ptr<DestinationWorker>> ending;
    {
        std::lock_guard lock(_mutex);
        for (auto& [roomId, room] : _rooms)
            for (auto& [id, running] : room.workers) ending.push_back(std::move(running.worker));
        _rooms.clear();
    }
    for (auto& worker : ending) worker->requestStop();
    ending.clear();  // joins here: stop() must not return while a worker thread runs plugin code
    joinRetired();
}

}  // namespace sockstream::restream
