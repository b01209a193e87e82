#include "LiveStream.h"

#include <algorithm>
#include <atomic>
#include <random>

#include "HlsRequest.h"
#include "PlaylistWriter.h"
#include "ThumbnailRenderer.h"

namespace sockstream::hls {

namespace {

/// A short token in every media URI, so a new broadcast in the same room never
/// meets segments that caches kept as immutable.
std::string newGeneration() {
    static std::atomic<std::uint32_t> counter{0};
    std::random_device device;
    std::uint64_t value = (static_cast<std::uint64_t>(device()) << 16) ^ counter.fetch_add(1);
    std::string text;
    const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < 8; ++i) {
        text += digits[value % 36];
        value /= 36;
    }
    return text;
}

}  // namespace

LiveStream::LiveStream(const StreamInfo& info, const HlsConfig& config, Scheduler& scheduler, Poco::Logger& logger,
                       std::shared_ptr<WriteThrough> writeThrough)
    : _roomId(info.roomId),
      _broadcastId(info.broadcastId),
      _generation(newGeneration()),
      _config(config),
      _scheduler(scheduler),
      _logger(logger),
      _writeThrough(std::move(writeThrough)),
      _segmenter(
          config.segmenter, [this](const std::function<void(Timeline&)>& change) { apply(change); },
          [this](const std::string& warning) { _logger.warning("hls: room %s: %s", _roomId, warning); }),
      _timeline(Segmenter::chooseContainer(config.segmenter, info.tracks), config.windowSegments, 2,
                config.segmenter.lowLatency ? partHoldBackMs(config.segmenter.partTargetMs) : 0) {
    _playlistSettings.generation = _generation;
    _playlistSettings.targetDurationMs = config.segmenter.targetDurationMs;
    _playlistSettings.maxSegmentMs = segmentCeilingMs(config.segmenter);
    _playlistSettings.partTargetMs = config.segmenter.partTargetMs;
    _playlistSettings.lowLatency = config.segmenter.lowLatency;
    setTracks(info.tracks);
}

LiveStream::~LiveStream() = default;

void LiveStream::setTracks(const std::vector<TrackInfo>& tracks) {
    try {
        _segmenter.setTracks(tracks);
    } catch (const std::exception& error) {
        _logger.error("hls: room %s: cannot package these tracks: %s", _roomId, std::string(error.what()));
    }
    std::lock_guard lock(_mutex);
    _tracks = _segmenter.carriedTracks();
    if (!_segmenter.refusal().empty() && _refusal != _segmenter.refusal())
        _logger.warning("hls: room %s is not packaged: %s", _roomId, _segmenter.refusal());
    _refusal = _segmenter.refusal();
}

void LiveStream::push(const MediaPacket& packet) {
    try {
        _segmenter.push(packet);
    } catch (const std::exception& error) {
        // A muxer refusal must not take the ingest down: start over at the next keyframe.
        _logger.error("hls: room %s: remuxing failed, restarting the timeline: %s", _roomId, std::string(error.what()));
        try {
            _segmenter.flush();
        } catch (const std::exception&) {
        }
    }
    if (packet.keyframe) {
        auto keyframe = _segmenter.latestKeyframe();
        if (keyframe && keyframe->data == packet.data) {
            std::lock_guard lock(_mutex);
            _keyframe = keyframe;
        }
    }
}

void LiveStream::interrupt() {
    try {
        _segmenter.flush();
    } catch (const std::exception& error) {
        _logger.error("hls: room %s: %s", _roomId, std::string(error.what()));
    }
}

void LiveStream::close() {
    interrupt();
    apply([](Timeline& timeline) { timeline.end(); });
    std::lock_guard lock(_mutex);
    _ended = true;
    _endedAt = std::chrono::steady_clock::now();
}

void LiveStream::apply(const std::function<void(Timeline&)>& change) {
    std::vector<Wake> ready;
    {
        std::lock_guard lock(_mutex);
        change(_timeline);
        renderLocked();
        ready = takeReadyLocked();
        if (_writeThrough) writeThroughLocked();
    }
    for (auto& wake : ready) wake(true);
}

void LiveStream::renderLocked() {
    if (_renderedVersion == _timeline.version()) return;
    _renderedVersion = _timeline.version();
    _playlist = std::make_shared<const std::string>(PlaylistWriter::media(_timeline, _playlistSettings));
    const auto& segments = _timeline.segments();
    for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
        if (!it->complete || !it->bytes || it->durationMs <= 0) continue;
        _peakBitsPerSecond = std::max<std::int64_t>(_peakBitsPerSecond,
                                                    static_cast<std::int64_t>(it->bytes->size()) * 8000 / it->durationMs);
        break;
    }
}

std::vector<LiveStream::Wake> LiveStream::takeReadyLocked() {
    std::vector<Wake> ready;
    for (auto it = _waiters.begin(); it != _waiters.end();) {
        auto state = _timeline.availability(it->msn, it->part);
        if (state == Availability::Pending) {
            ++it;
            continue;
        }
        if (it->timer) it->timer->cancel();
        bool available = state == Availability::Available;
        auto wake = std::move(it->wake);
        ready.push_back([wake = std::move(wake), available](bool) { wake(available); });
        it = _waiters.erase(it);
    }
    return ready;
}

void LiveStream::writeThroughLocked() {
    const std::string extension = _timeline.container() == Container::Fmp4 ? "m4s" : "ts";
    bool wrote = false;
    for (const auto& segment : _timeline.segments()) {
        if (!segment.complete || segment.msn <= _writtenMsn || !segment.bytes) continue;
        if (_timeline.container() == Container::Fmp4)
            if (auto init = _timeline.initBytes(segment.initId))
                _writeThrough->write(_roomId, HlsRequest::initName(_generation, segment.initId), init);
        _writeThrough->write(_roomId, HlsRequest::segmentName(_generation, segment.msn, extension), segment.bytes);
        std::int64_t expired = segment.msn - static_cast<std::int64_t>(2 * _config.windowSegments) - 1;
        if (expired >= 0) _writeThrough->remove(_roomId, HlsRequest::segmentName(_generation, expired, extension));
        _writtenMsn = segment.msn;
        wrote = true;
    }
    if (wrote || _timeline.ended()) {
        // The CDN copy is a classic playlist: parts are served from memory only.
        PlaylistSettings classic = _playlistSettings;
        classic.lowLatency = false;
        _writeThrough->writeText(_roomId, "media.m3u8", PlaylistWriter::media(_timeline, classic));
        _writeThrough->writeText(_roomId, "index.m3u8",
                                 PlaylistWriter::multivariant(_tracks, std::max<std::int64_t>(_peakBitsPerSecond, 1)));
    }
}

bool LiveStream::ended() const {
    std::lock_guard lock(_mutex);
    return _ended;
}

std::chrono::steady_clock::time_point LiveStream::endedAt() const {
    std::lock_guard lock(_mutex);
    return _endedAt;
}

bool LiveStream::hasMedia() const {
    std::lock_guard lock(_mutex);
    for (const auto& segment : _timeline.segments())
        if (segment.complete || !segment.parts.empty()) return true;
    return false;
}

bool LiveStream::playable() const {
    std::lock_guard lock(_mutex);
    for (const auto& segment : _timeline.segments())
        if (segment.complete) return true;
    return false;
}

bool LiveStream::waitUntilPlayable(Wake wake) {
    std::int64_t first = 0;
    {
        std::lock_guard lock(_mutex);
        first = _timeline.segments().empty() ? _timeline.nextMsn() : _timeline.segments().front().msn;
    }
    return waitFor(first, -1, std::move(wake));
}

std::string LiveStream::refusal() const {
    std::lock_guard lock(_mutex);
    return _refusal;
}

LiveStream::Playlist LiveStream::mediaPlaylist() const {
    std::lock_guard lock(_mutex);
    return Playlist{_playlist, "\"" + _generation + "-" + std::to_string(_renderedVersion) + "\""};
}

std::shared_ptr<const std::string> LiveStream::multivariant() const {
    std::lock_guard lock(_mutex);
    std::int64_t declared = 0;
    for (const auto& track : _tracks) declared += static_cast<std::int64_t>(track.bitrateKbps) * 1000;
    std::int64_t bandwidth = std::max<std::int64_t>({_peakBitsPerSecond, declared * 11 / 10, 500'000});
    return std::make_shared<const std::string>(PlaylistWriter::multivariant(_tracks, bandwidth));
}

MediaBytes LiveStream::initSection(std::int64_t id) const {
    std::lock_guard lock(_mutex);
    return _timeline.initBytes(id);
}

MediaBytes LiveStream::segment(std::int64_t msn) const {
    std::lock_guard lock(_mutex);
    return _timeline.segmentBytes(msn);
}

MediaBytes LiveStream::part(std::int64_t msn, int index) const {
    std::lock_guard lock(_mutex);
    return _timeline.partBytes(msn, index);
}

bool LiveStream::reachable(std::int64_t msn) const {
    std::lock_guard lock(_mutex);
    const auto& segments = _timeline.segments();
    std::int64_t last = segments.empty() ? _timeline.nextMsn() - 1 : segments.back().msn;
    return msn <= last + 2;
}

bool LiveStream::waitFor(std::int64_t msn, int part, Wake wake) {
    std::unique_lock lock(_mutex);
    auto state = _timeline.availability(msn, part);
    if (state != Availability::Pending) {
        lock.unlock();
        wake(state == Availability::Available);
        return true;
    }
    if (_waiters.size() >= _config.maxHeldRequestsPerStream) return false;
    std::uint64_t id = _nextWaiterId++;
    _waiters.push_back(Waiter{id, msn, part, std::move(wake), nullptr});
    std::weak_ptr<LiveStream> weak = weak_from_this();
    _waiters.back().timer = _scheduler.after(_config.blockingReloadTimeout, [weak, id] {
        if (auto self = weak.lock()) self->expire(id);
    });
    return true;
}

void LiveStream::expire(std::uint64_t id) {
    Wake wake;
    {
        std::lock_guard lock(_mutex);
        auto it = std::find_if(_waiters.begin(), _waiters.end(), [id](const Waiter& waiter) { return waiter.id == id; });
        if (it == _waiters.end()) return;
        wake = std::move(it->wake);
        _waiters.erase(it);
    }
    wake(false);
}

void LiveStream::releaseWaiters() {
    std::list<Waiter> waiters;
    {
        std::lock_guard lock(_mutex);
        waiters.swap(_waiters);
    }
    for (auto& waiter : waiters) {
        if (waiter.timer) waiter.timer->cancel();
        waiter.wake(false);
    }
}

void LiveStream::thumbnail(Thumbnail done) {
    std::optional<Keyframe> keyframe;
    {
        std::lock_guard lock(_thumbnailMutex);
        auto now = std::chrono::steady_clock::now();
        if (_thumbnail && now - _thumbnailAt < _config.thumbnailRefresh) {
            auto cached = _thumbnail;
            done(cached);
            return;
        }
        _thumbnailWaiters.push_back(std::move(done));
        if (_rendering) return;
        _rendering = true;
    }
    {
        std::lock_guard lock(_mutex);
        keyframe = _keyframe;
    }
    std::weak_ptr<LiveStream> weak = weak_from_this();
    int width = _config.thumbnailWidth;
    _scheduler.postBlocking([weak, keyframe, width] {
        auto self = weak.lock();
        if (!self) return;
        std::shared_ptr<const std::string> jpeg;
        if (keyframe && keyframe->data) {
            try {
                jpeg = std::make_shared<const std::string>(ThumbnailRenderer::render(keyframe->track, *keyframe->data, width));
            } catch (const std::exception& error) {
                self->_logger.warning("hls: room %s: no thumbnail: %s", self->_roomId, std::string(error.what()));
            }
        }
        std::vector<Thumbnail> waiters;
        {
            std::lock_guard lock(self->_thumbnailMutex);
            self->_rendering = false;
            if (jpeg) {
                self->_thumbnail = jpeg;
                self->_thumbnailAt = std::chrono::steady_clock::now();
            }
            waiters.swap(self->_thumbnailWaiters);
        }
        for (auto& waiter : waiters) waiter(jpeg ? jpeg : self->_thumbnail);
    });
}

}  // namespace sockstream::hls
