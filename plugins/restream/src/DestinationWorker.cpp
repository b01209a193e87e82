#include "DestinationWorker.h"

#include <algorithm>
#include <memory>

#include "Backoff.h"
#include "DestinationRules.h"
#include "FlvPusher.h"

namespace sockstream::restream {

namespace {

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool anyVideo(const std::vector<TrackInfo>& tracks) {
    return std::any_of(tracks.begin(), tracks.end(), [](const TrackInfo& t) { return t.kind == MediaKind::Video; });
}

bool anyCarried(const std::vector<TrackInfo>& tracks) {
    return std::any_of(tracks.begin(), tracks.end(), [](const TrackInfo& t) { return FlvPusher::canCarry(t.codec); });
}

std::string seconds(std::chrono::milliseconds d) {
    const auto tenths = d.count() / 100;
    return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") + " s";
}

}  // namespace

DestinationWorker::DestinationWorker(std::string roomId, DestinationTarget target, WorkerLimits limits,
                                     std::vector<TrackInfo> tracks, LogLine info, LogLine warn)
    : _roomId(std::move(roomId)),
      _target(std::move(target)),
      _limits(limits),
      _info(std::move(info)),
      _warn(std::move(warn)),
      _label("'" + _target.name + "' (" + DestinationRules::scheme(_target.url) + "://" +
             DestinationRules::hostOf(_target.url) + ")"),
      _tracks(std::move(tracks)) {
    _hasVideo = anyVideo(_tracks);
    _status.since = nowMs();
    _thread = std::thread([this] { run(); });
}

DestinationWorker::~DestinationWorker() {
    requestStop();
    if (_thread.joinable()) _thread.join();
}

void DestinationWorker::requestStop() {
    _stop = true;
    std::lock_guard lock(_mutex);
    _wake.notify_all();
}

void DestinationWorker::offer(const MediaPacket& packet) {
    std::lock_guard lock(_mutex);
    if (!_accepting) return;
    const bool videoKey = packet.keyframe && (!_hasVideo || packet.trackId == 0 ||
                                              std::any_of(_tracks.begin(), _tracks.end(), [&](const TrackInfo& t) {
                                                  return t.id == packet.trackId && t.kind == MediaKind::Video;
                                              }));
    if (_overflowing) {
        if (!videoKey) {
            ++_status.droppedPackets;
            return;
        }
        _overflowing = false;  // the episode ends: the worker restarts here
    } else if (_queue.size() >= _limits.maxQueuedPackets) {
        _status.droppedPackets += static_cast<std::int64_t>(_queue.size()) + 1;
        _queue.clear();
        _overflowing = !videoKey;
        // Once per episode, not per packet, nor per refill while the worker
        // stays stuck in one write: the line says why and what happens next.
        if (_behindLogged) return finishOverflow(packet, videoKey);
        _behindLogged = true;
        _warn("restream: room " + _roomId + " -> " + _label + " fell behind (" +
              std::to_string(_limits.maxQueuedPackets) +
              " packets queued: the destination takes data slower than the broadcast): dropped them, resuming at the next keyframe");
        if (_overflowing) return;
    }
    _queue.push_back(packet);
    _wake.notify_one();
}

void DestinationWorker::finishOverflow(const MediaPacket& packet, bool videoKey) {
    if (!videoKey) return;
    _queue.push_back(packet);
    _wake.notify_one();
}

void DestinationWorker::updateTracks(std::vector<TrackInfo> tracks) {
    std::lock_guard lock(_mutex);
    _tracks = std::move(tracks);
    _hasVideo = anyVideo(_tracks);
    _tracksChanged = true;
    _wake.notify_all();
}

DestinationStatus DestinationWorker::status() const {
    std::lock_guard lock(_mutex);
    return _status;
}

void DestinationWorker::setState(const std::string& state) {
    std::lock_guard lock(_mutex);
    if (_status.state != state) {
        _status.state = state;
        _status.since = nowMs();
    }
    if (state != "live") _status.bitrateKbps = 0;
    if (state != "retrying") _status.retryAt = 0;
}

void DestinationWorker::recordError(const std::string& words) {
    std::lock_guard lock(_mutex);
    // FFmpeg's words rarely quote the URL, but if they ever do, not the key.
    _status.lastError = DestinationRules::redact(words, _target.key);
    _status.lastErrorAt = nowMs();
}

bool DestinationWorker::failedForGood() {
    std::lock_guard lock(_mutex);
    const bool failed = _unusableTracks && !_tracksChanged;
    _unusableTracks = false;
    return failed;
}

bool DestinationWorker::waitBackoff(std::chrono::milliseconds delay) {
    std::unique_lock lock(_mutex);
    _wake.wait_for(lock, delay, [this] { return _stop.load(); });
    return !_stop;
}

void DestinationWorker::run() {
    Backoff backoff(_limits.backoffMin, _limits.backoffMax);
    while (!_stop) {
        const auto started = std::chrono::steady_clock::now();
        const bool endedByTracks = connectedSession();
        if (_stop) break;
        if (endedByTracks) continue;
        if (failedForGood()) {
            // Retrying cannot help (nothing FLV carries): wait for new tracks.
            setState("failed");
            std::unique_lock lock(_mutex);
            _wake.wait(lock, [this] { return _stop.load() || _tracksChanged; });
            continue;
        }
        backoff.connectionEnded(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started));
        const auto delay = backoff.next();
        setState("retrying");
        {
            std::lock_guard lock(_mutex);
            ++_status.reconnects;
            _status.retryAt = nowMs() + delay.count();
        }
        std::string error;
        {
            std::lock_guard lock(_mutex);
            error = _status.lastError;
        }
        _warn("restream: room " + _roomId + " -> " + _label + ": " + error + "; retrying in " + seconds(delay));
        if (!waitBackoff(delay)) break;
    }
    {
        std::lock_guard lock(_mutex);
        _accepting = false;
        _queue.clear();
    }
    setState("idle");
}

/// One connection from connect to loss. True when it ended because the
/// tracks changed (reconnect at once), false on an error (back off).
bool DestinationWorker::connectedSession() {
    setState("connecting");
    std::vector<TrackInfo> tracks;
    {
        std::lock_guard lock(_mutex);
        tracks = _tracks;
        _tracksChanged = false;
    }
    std::unique_ptr<FlvPusher> pusher;
    try {
        pusher = std::make_unique<FlvPusher>(DestinationRules::publishUrl(_target.url, _target.key), tracks, _stop,
                                             _limits.connectTimeout, _limits.tlsCaFile);
    } catch (const std::exception& e) {
        recordError(e.what());
        if (!anyCarried(tracks)) {
            std::lock_guard lock(_mutex);
            _unusableTracks = true;
        }
        return false;
    }
    {
        std::lock_guard lock(_mutex);
        _queue.clear();
        _overflowing = false;
        _accepting = true;
    }
    setState("live");
    _info("restream: room " + _roomId + " -> " + _label + " connected; sending from the next keyframe");

    bool waitingForKeyframe = true;
    std::int64_t originMs = 0;
    std::int64_t windowBytes = 0;
    auto windowStart = std::chrono::steady_clock::now();
    bool tracksChanged = false;
    std::string failure;
    while (!_stop) {
        MediaPacket packet;
        {
            std::unique_lock lock(_mutex);
            _wake.wait_for(lock, std::chrono::milliseconds(500),
                           [this] { return _stop.load() || _tracksChanged || !_queue.empty(); });
            if (_stop) break;
            if (_tracksChanged) {
                tracksChanged = true;
                break;
            }
            if (!_queue.empty()) {
                packet = std::move(_queue.front());
                _queue.pop_front();
                _behindLogged = false;  // progress: a later overflow is a new episode
            }
        }
        if (packet.data) {
            if (waitingForKeyframe) {
                const TrackInfo* track = nullptr;
                for (const auto& t : tracks)
                    if (t.id == packet.trackId) track = &t;
                const bool video = track && track->kind == MediaKind::Video;
                if (!packet.keyframe || (anyVideo(tracks) && !video)) continue;
                waitingForKeyframe = false;
                originMs = packet.dts.milliseconds();
            }
            try {
                windowBytes += static_cast<std::int64_t>(pusher->write(packet, originMs, _limits.writeTimeout));
            } catch (const std::exception& e) {
                failure = e.what();
                break;
            }
        }
        const auto now = std::chrono::steady_clock::now();
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - windowStart);
        if (elapsed >= std::chrono::seconds(2)) {
            std::lock_guard lock(_mutex);
            _status.bitrateKbps = static_cast<int>(windowBytes * 8 / std::max<std::int64_t>(1, elapsed.count()));
            windowBytes = 0;
            windowStart = now;
        }
    }
    {
        std::lock_guard lock(_mutex);
        _accepting = false;
        _queue.clear();
    }
    pusher->close(std::chrono::seconds(2));
    if (!failure.empty()) recordError(failure);
    return tracksChanged;
}

}  // namespace sockstream::restream
