#include "RecorderThread.h"

#include <chrono>
#include <filesystem>

#include "sockstream/rooms/Rooms.h"

namespace sockstream::recordings {

namespace {
std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

RecorderThread::RecorderThread(PluginContext& context, RecordingStore& store, const RecordingsConfig& config)
    : _context(context), _store(store), _config(config), _logger(context.logger()) {}

RecorderThread::~RecorderThread() { stop(); }

void RecorderThread::start() {
    _thread = std::thread([this] { run(); });
}

void RecorderThread::stop() {
    if (!_thread.joinable()) return;
    post([this] {
        for (auto& [room, recorder] : _recorders) recorder->finish("stopped", "the server shut down during the broadcast");
        _recorders.clear();
    });
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    _thread.join();
}

void RecorderThread::post(std::function<void()> task) { enqueue(Task{std::move(task), 0}); }

void RecorderThread::enqueue(Task task) {
    {
        std::lock_guard lock(_mutex);
        if (_stopping) return;
        _queuedBytes += task.bytes;
        _queue.push_back(std::move(task));
    }
    _wake.notify_one();
}

void RecorderThread::run() {
    for (;;) {
        Task task;
        {
            std::unique_lock lock(_mutex);
            _wake.wait(lock, [this] { return _stopping || !_queue.empty(); });
            if (_queue.empty()) return;  // stopping, and everything queued before is done
            task = std::move(_queue.front());
            _queue.pop_front();
            _queuedBytes -= task.bytes;
        }
        try {
            task.work();
        } catch (const std::exception& e) {
            _logger.error("recordings: %s", std::string(e.what()));
        }
    }
}

void RecorderThread::onStreamOpened(const StreamInfo& info, bool resumed) {
    {
        std::lock_guard lock(_mutex);
        if (!resumed) _overflowed.erase(info.roomId);
    }
    post([this, info, resumed] { open(info, resumed); });
}

void RecorderThread::onTracksChanged(const StreamInfo& info) {
    post([this, info] {
        auto found = _recorders.find(info.roomId);
        if (found == _recorders.end()) return;
        if (found->second->continuesWith(info)) return found->second->onTracks(info);
        // New codecs or codec configurations need a new init section: a new recording.
        finishRoom(info.roomId, "complete", "");
        open(info, false);
    });
}

void RecorderThread::onPacket(const StreamInfo& info, const MediaPacket& packet) {
    const std::size_t bytes = packet.data ? packet.data->size() + 128 : 128;
    {
        std::unique_lock lock(_mutex);
        if (_overflowed.count(info.roomId)) return;
        if (_queuedBytes + bytes > _config.maxQueueBytes) {
            _overflowed.insert(info.roomId);
            lock.unlock();
            post([this, roomId = info.roomId] {
                finishRoom(roomId, "stopped", "the recordings disk could not keep up with the broadcast");
            });
            return;
        }
    }
    enqueue(Task{[this, roomId = info.roomId, packet] {
                     auto found = _recorders.find(roomId);
                     if (found != _recorders.end()) found->second->onPacket(packet);
                 },
                 bytes});
}

void RecorderThread::onStreamInterrupted(const StreamInfo& info) {
    post([this, roomId = info.roomId] {
        auto found = _recorders.find(roomId);
        if (found != _recorders.end()) found->second->onInterrupted();
    });
}

void RecorderThread::onStreamClosed(const StreamInfo& info) {
    post([this, roomId = info.roomId] {
        finishRoom(roomId, "complete", "");
        sweepNow();
    });
}

void RecorderThread::finishRoom(const std::string& roomId, const std::string& state, const std::string& reason) {
    auto found = _recorders.find(roomId);
    if (found == _recorders.end()) return;
    if (state == "stopped") _stoppedBroadcasts.insert(found->second->broadcastId());
    found->second->finish(state, reason);
    _recorders.erase(found);
}

void RecorderThread::open(const StreamInfo& info, bool resumed) {
    auto found = _recorders.find(info.roomId);
    if (found != _recorders.end()) {
        Recorder& recorder = *found->second;
        if (resumed && recorder.broadcastId() == info.broadcastId && !recorder.stopped() && recorder.continuesWith(info)) {
            recorder.onTracks(info);
            return;  // the next keyframe starts a new piece of the same recording
        }
        finishRoom(info.roomId, "complete", "");
    }
    if (_stoppedBroadcasts.count(info.broadcastId)) return;
    bool enabled = _config.recordByDefault;
    std::string title = "Broadcast";
    try {
        enabled = _store.roomEnabled(info.roomId).value_or(_config.recordByDefault);
        if (auto room = _context.rooms().findRoom(info.roomId); room && !room->title.empty()) title = room->title;
    } catch (const std::exception& e) {
        _logger.error("recordings: room %s is not recorded: its settings could not be read: %s", info.roomId,
                      std::string(e.what()));
        return;
    }
    if (!enabled) return;
    auto recorder = std::make_unique<Recorder>(_store, _logger, _config, info, title, true);
    _recorders[info.roomId] = std::move(recorder);
}

void RecorderThread::sweep() {
    post([this] { sweepNow(); });
}

void RecorderThread::sweepNow() {
    RetentionLimits limits;
    limits.maxAgeMs = _config.maxAgeMs;
    limits.roomQuotaBytes = _config.roomQuotaBytes;
    limits.totalQuotaBytes = _config.totalQuotaBytes;
    std::vector<Expired> expired;
    try {
        expired = expiredRecordings(_store.everything(), limits, nowMs());
    } catch (const std::exception& e) {
        _logger.error("recordings: retention could not read the index: %s", std::string(e.what()));
        return;
    }
    for (const auto& victim : expired) {
        try {
            _store.remove(victim.id);
            std::error_code ignored;
            std::filesystem::remove_all(std::filesystem::path(_config.directory) / victim.id, ignored);
            _logger.information("recordings: deleted recording %s (%s)", victim.id, victim.reason);
        } catch (const std::exception& e) {
            _logger.error("recordings: recording %s could not be deleted: %s", victim.id, std::string(e.what()));
        }
    }
}

}  // namespace sockstream::recordings
