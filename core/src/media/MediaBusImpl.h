#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/Logger.h>

#include "media/BroadcastListener.h"
#include "sockstream/media/MediaBus.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::core {

/// Routes streams from ingest plugins to packaging plugins and owns each
/// broadcast's life: one publisher per room, takeover by a reconnecting
/// encoder, and the grace window after a lost connection.
class MediaBusImpl {
public:
    MediaBusImpl(Scheduler& scheduler, Poco::Logger& logger, std::chrono::seconds reconnectGrace);
    ~MediaBusImpl();

    void setBroadcastListener(BroadcastListener* listener) { _listener = listener; }

    std::unique_ptr<MediaPublisher> openStream(const PublishGrant& grant, std::vector<TrackInfo> tracks,
                                               std::string encoder, std::function<void()> onSuperseded,
                                               std::string ingest = {});
    void addObserver(const std::string& owner, std::shared_ptr<MediaObserver> observer);
    void removeOwner(const std::string& owner);
    std::shared_ptr<const StreamInfo> liveStream(const std::string& roomId) const;

    /// True when the room's broadcast has a publisher that sent media recently.
    bool hasHealthyPublisher(const std::string& roomId) const;
    /// Server shutdown: observers see onStreamClosed, keys stay resumable.
    void closeAll();
    /// Ends the room's broadcast now (open or in its grace window) with the reason
    /// StreamEnded carries; "ended_by_host" also asks the ingest to disconnect the
    /// encoder. False when the room has no stream.
    bool endStream(const std::string& roomId, const std::string& reason);

    enum class StreamState { None, Open, Interrupted };
    StreamState streamState(const std::string& roomId) const;

    std::unique_ptr<MediaBus> viewFor(const std::string& owner);

    /// A publisher that sent nothing for this long may be taken over by a reconnecting encoder.
    static constexpr std::chrono::seconds kStaleAfter{3};

private:
    class Publisher;
    struct LiveStream;
    friend class Publisher;

    std::vector<std::shared_ptr<MediaObserver>> observers() const;
    void push(LiveStream& stream, const MediaPacket& packet);
    void updateTracks(const std::shared_ptr<LiveStream>& stream, std::vector<TrackInfo> tracks);
    void finish(const std::shared_ptr<LiveStream>& stream, std::uint64_t generation);
    void interrupt(const std::shared_ptr<LiveStream>& stream, std::uint64_t generation);
    void close(const std::shared_ptr<LiveStream>& stream, const std::string& reason, bool suspend = false);

    Scheduler& _scheduler;
    Poco::Logger& _logger;
    std::chrono::seconds _grace;
    BroadcastListener* _listener = nullptr;
    mutable std::mutex _mutex;
    std::map<std::string, std::shared_ptr<LiveStream>> _streams;
    std::vector<std::pair<std::string, std::shared_ptr<MediaObserver>>> _observers;
};

}  // namespace sockstream::core
