#include "media/MediaBusImpl.h"

#include <algorithm>
#include <atomic>

namespace sockstream::core {

namespace {
std::int64_t steadyNowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
}  // namespace

struct MediaBusImpl::LiveStream {
    std::mutex mutex;  // serialises observer callbacks for this stream, across a takeover
    std::shared_ptr<StreamInfo> info;
    PublishGrant grant;
    std::uint64_t generation = 0;
    std::function<void()> onSuperseded;
    std::function<void(const std::string&)> closeHandler;  ///< the current publisher's, set by the ingest
    std::atomic<std::int64_t> lastPacketNs{0};
    bool interrupted = false;
    bool closed = false;
    std::shared_ptr<TimerHandle> graceTimer;
};

class MediaBusImpl::Publisher : public MediaPublisher {
public:
    Publisher(MediaBusImpl& bus, std::shared_ptr<LiveStream> stream, std::uint64_t generation)
        : _bus(bus), _stream(std::move(stream)), _generation(generation) {}
    ~Publisher() override {
        if (!_done) interrupt();
    }
    void updateTracks(std::vector<TrackInfo> tracks) override {
        if (active()) _bus.updateTracks(_stream, std::move(tracks));
    }
    void push(const MediaPacket& packet) override {
        if (active()) _bus.push(*_stream, packet);
    }
    void finish() override {
        if (_done) return;
        _done = true;
        _bus.finish(_stream, _generation);
    }
    void interrupt() override {
        if (_done) return;
        _done = true;
        _bus.interrupt(_stream, _generation);
    }
    bool active() const override {
        std::lock_guard lock(_stream->mutex);
        return !_done && !_stream->closed && _stream->generation == _generation;
    }
    void setCloseHandler(std::function<void(const std::string& why)> handler) override {
        std::lock_guard lock(_stream->mutex);
        if (!_done && !_stream->closed && _stream->generation == _generation) _stream->closeHandler = std::move(handler);
    }

private:
    MediaBusImpl& _bus;
    std::shared_ptr<LiveStream> _stream;
    std::uint64_t _generation;
    bool _done = false;
};

namespace {
class MediaBusView : public MediaBus {
public:
    MediaBusView(MediaBusImpl& bus, std::string owner) : _bus(bus), _owner(std::move(owner)) {}
    std::unique_ptr<MediaPublisher> openStream(const PublishGrant& grant, std::vector<TrackInfo> tracks,
                                               std::string encoder, std::function<void()> onSuperseded) override {
        return _bus.openStream(grant, std::move(tracks), std::move(encoder), std::move(onSuperseded), _owner);
    }
    void addObserver(std::shared_ptr<MediaObserver> observer) override { _bus.addObserver(_owner, std::move(observer)); }
    std::shared_ptr<const StreamInfo> liveStream(const std::string& roomId) const override {
        return _bus.liveStream(roomId);
    }

private:
    MediaBusImpl& _bus;
    std::string _owner;
};
}  // namespace

MediaBusImpl::MediaBusImpl(Scheduler& scheduler, Poco::Logger& logger, std::chrono::seconds reconnectGrace)
    : _scheduler(scheduler), _logger(logger), _grace(reconnectGrace) {}

MediaBusImpl::~MediaBusImpl() = default;

std::vector<std::shared_ptr<MediaObserver>> MediaBusImpl::observers() const {
    std::lock_guard lock(_mutex);
    std::vector<std::shared_ptr<MediaObserver>> result;
    for (const auto& [owner, observer] : _observers) result.push_back(observer);
    return result;
}

void MediaBusImpl::addObserver(const std::string& owner, std::shared_ptr<MediaObserver> observer) {
    std::lock_guard lock(_mutex);
    _observers.emplace_back(owner, std::move(observer));
}

void MediaBusImpl::removeOwner(const std::string& owner) {
    std::lock_guard lock(_mutex);
    std::erase_if(_observers, [&](const auto& entry) { return entry.first == owner; });
}

std::shared_ptr<const StreamInfo> MediaBusImpl::liveStream(const std::string& roomId) const {
    std::shared_ptr<LiveStream> stream;
    {
        std::lock_guard lock(_mutex);
        auto it = _streams.find(roomId);
        if (it == _streams.end()) return nullptr;
        stream = it->second;
    }
    std::lock_guard lock(stream->mutex);
    return stream->closed ? nullptr : stream->info;
}

bool MediaBusImpl::hasHealthyPublisher(const std::string& roomId) const {
    std::shared_ptr<LiveStream> stream;
    {
        std::lock_guard lock(_mutex);
        auto it = _streams.find(roomId);
        if (it == _streams.end()) return false;
        stream = it->second;
    }
    std::lock_guard lock(stream->mutex);
    if (stream->closed || stream->interrupted) return false;
    auto idle = std::chrono::nanoseconds(steadyNowNs() - stream->lastPacketNs.load());
    return idle < kStaleAfter;
}

std::unique_ptr<MediaPublisher> MediaBusImpl::openStream(const PublishGrant& grant, std::vector<TrackInfo> tracks,
                                                        std::string encoder, std::function<void()> onSuperseded,
                                                        std::string ingest) {
    // The key may have been revoked (or re-authorised) since the publish was accepted.
    if (_listener && !_listener->broadcastOpening(grant)) {
        _logger.notice("media: room %s refused: its stream key is no longer authorised", grant.roomId);
        return nullptr;
    }
    std::shared_ptr<LiveStream> stream;
    std::shared_ptr<LiveStream> replaced;
    {
        std::lock_guard lock(_mutex);
        auto& slot = _streams[grant.roomId];
        if (slot && slot->grant.broadcastId == grant.broadcastId) {
            stream = slot;
        } else {
            replaced = slot;
            slot = std::make_shared<LiveStream>();
            stream = slot;
        }
    }
    if (replaced) close(replaced, "ended");  // a different broadcast of this room that never ended cleanly

    std::function<void()> supersede;
    bool resumed;
    std::uint64_t generation;
    std::shared_ptr<StreamInfo> info;
    {
        std::lock_guard lock(stream->mutex);
        resumed = stream->info != nullptr || grant.resumed;
        if (stream->graceTimer) stream->graceTimer->cancel();
        stream->graceTimer.reset();
        supersede = std::move(stream->onSuperseded);
        stream->onSuperseded = std::move(onSuperseded);
        stream->closeHandler = nullptr;
        stream->grant = grant;
        stream->grant.resumed = resumed;
        generation = ++stream->generation;
        stream->interrupted = false;
        stream->closed = false;
        stream->lastPacketNs = steadyNowNs();
        auto next = std::make_shared<StreamInfo>();
        next->roomId = grant.roomId;
        next->broadcastId = grant.broadcastId;
        next->tracks = std::move(tracks);
        next->encoder = std::move(encoder);
        next->ingest = std::move(ingest);
        next->startedAt = stream->info ? stream->info->startedAt : std::chrono::system_clock::now();
        stream->info = next;
        info = next;
        for (const auto& observer : observers()) observer->onStreamOpened(*info, resumed);
    }
    if (supersede) {
        _logger.information("media: room %s taken over by a reconnecting encoder", grant.roomId);
        supersede();
    }
    if (_listener) _listener->broadcastOpened(stream->grant, resumed);
    _logger.information("media: room %s is live (%s)", grant.roomId, std::string(resumed ? "resumed" : "new broadcast"));
    return std::make_unique<Publisher>(*this, stream, generation);
}

void MediaBusImpl::updateTracks(const std::shared_ptr<LiveStream>& stream, std::vector<TrackInfo> tracks) {
    std::lock_guard lock(stream->mutex);
    auto next = std::make_shared<StreamInfo>(*stream->info);
    next->tracks = std::move(tracks);
    stream->info = next;
    for (const auto& observer : observers()) observer->onTracksChanged(*next);
}

void MediaBusImpl::push(LiveStream& stream, const MediaPacket& packet) {
    std::lock_guard lock(stream.mutex);
    stream.lastPacketNs.store(steadyNowNs(), std::memory_order_relaxed);
    for (const auto& observer : observers()) observer->onPacket(*stream.info, packet);
}

void MediaBusImpl::finish(const std::shared_ptr<LiveStream>& stream, std::uint64_t generation) {
    {
        std::lock_guard lock(stream->mutex);
        if (stream->closed || stream->generation != generation) return;
    }
    close(stream, "ended");
}

void MediaBusImpl::interrupt(const std::shared_ptr<LiveStream>& stream, std::uint64_t generation) {
    PublishGrant grant;
    {
        std::lock_guard lock(stream->mutex);
        if (stream->closed || stream->generation != generation) return;
        if (_grace.count() == 0) {
            // No grace window: a lost connection ends the broadcast at once.
        } else {
            stream->interrupted = true;
            grant = stream->grant;
            for (const auto& observer : observers()) observer->onStreamInterrupted(*stream->info);
            std::weak_ptr<LiveStream> weak = stream;
            stream->graceTimer = _scheduler.after(_grace, [this, weak, generation] {
                auto expired = weak.lock();
                if (!expired) return;
                {
                    std::lock_guard lock(expired->mutex);
                    if (expired->closed || expired->generation != generation || !expired->interrupted) return;
                }
                _logger.information("media: room %s did not reconnect within the grace window",
                                    expired->grant.roomId);
                close(expired, "grace_expired");
            });
        }
    }
    if (_grace.count() == 0) {
        close(stream, "ended");
        return;
    }
    _logger.information("media: room %s lost its encoder; waiting %d s for it to reconnect", grant.roomId,
                        static_cast<int>(_grace.count()));
    if (_listener) _listener->broadcastInterrupted(grant);
}

void MediaBusImpl::close(const std::shared_ptr<LiveStream>& stream, const std::string& reason, bool suspend) {
    PublishGrant grant;
    std::function<void(const std::string&)> closeIngest;
    {
        std::lock_guard lock(stream->mutex);
        if (stream->closed) return;
        stream->closed = true;
        if (stream->graceTimer) stream->graceTimer->cancel();
        stream->graceTimer.reset();
        stream->onSuperseded = nullptr;
        closeIngest = std::move(stream->closeHandler);
        stream->closeHandler = nullptr;
        grant = stream->grant;
        for (const auto& observer : observers()) observer->onStreamClosed(*stream->info);
    }
    {
        std::lock_guard lock(_mutex);
        auto it = _streams.find(grant.roomId);
        if (it != _streams.end() && it->second == stream) _streams.erase(it);
    }
    _logger.information("media: room %s is offline (%s)", grant.roomId,
                        std::string(suspend ? "server stopping" : reason));
    // Only a close the encoder did not ask for disconnects it: the host's stop, a revoked key.
    if (closeIngest && reason == "ended_by_host") closeIngest("the room's owner ended the broadcast");
    if (!_listener) return;
    if (suspend) _listener->broadcastSuspended(grant);
    else _listener->broadcastFinished(grant, reason);
}

bool MediaBusImpl::endStream(const std::string& roomId, const std::string& reason) {
    std::shared_ptr<LiveStream> stream;
    {
        std::lock_guard lock(_mutex);
        auto it = _streams.find(roomId);
        if (it == _streams.end()) return false;
        stream = it->second;
    }
    close(stream, reason);
    return true;
}

MediaBusImpl::StreamState MediaBusImpl::streamState(const std::string& roomId) const {
    std::shared_ptr<LiveStream> stream;
    {
        std::lock_guard lock(_mutex);
        auto it = _streams.find(roomId);
        if (it == _streams.end()) return StreamState::None;
        stream = it->second;
    }
    std::lock_guard lock(stream->mutex);
    if (stream->closed) return StreamState::None;
    return stream->interrupted ? StreamState::Interrupted : StreamState::Open;
}

void MediaBusImpl::closeAll() {
    std::vector<std::shared_ptr<LiveStream>> streams;
    {
        std::lock_guard lock(_mutex);
        for (const auto& [room, stream] : _streams) streams.push_back(stream);
    }
    for (const auto& stream : streams) close(stream, "ended", true);
}

std::unique_ptr<MediaBus> MediaBusImpl::viewFor(const std::string& owner) {
    return std::make_unique<MediaBusView>(*this, owner);
}

}  // namespace sockstream::core
