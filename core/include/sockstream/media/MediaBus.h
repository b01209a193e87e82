#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sockstream/media/MediaTypes.h"
#include "sockstream/rooms/StreamKeys.h"

namespace sockstream {

/// The ingest's handle on one live stream. Not thread-safe: one ingest connection drives it.
class MediaPublisher {
public:
    virtual ~MediaPublisher() = default;  ///< destroying without finish() counts as interrupt()
    /// New or changed sequence headers; observers see onTracksChanged.
    virtual void updateTracks(std::vector<TrackInfo> tracks) = 0;
    virtual void push(const MediaPacket& packet) = 0;
    /// The encoder ended the broadcast (FCUnpublish/deleteStream): the key is spent now.
    virtual void finish() = 0;
    /// The connection was lost: the broadcast may resume within the grace window.
    virtual void interrupt() = 0;
    /// False once another connection took this broadcast over, or the bus closed it; stop sending then.
    virtual bool active() const = 0;
    /// How the bus asks the ingest to close the encoder's connection: the room's
    /// owner stopped the broadcast or its key was revoked. `why` is words for the
    /// log. The handler runs on any thread, after the stream is closed on the bus
    /// (active() is false); it must not block and must not call back into the bus.
    virtual void setCloseHandler(std::function<void(const std::string& why)> handler) = 0;
};

/// A packager's view of every live stream. Callbacks arrive on the ingest's
/// thread, in order per stream; they must not block.
class MediaObserver {
public:
    virtual ~MediaObserver() = default;
    virtual void onStreamOpened(const StreamInfo& info, bool resumed) = 0;
    virtual void onTracksChanged(const StreamInfo& info) = 0;
    virtual void onPacket(const StreamInfo& info, const MediaPacket& packet) = 0;
    /// Ingest lost; the same broadcast may reopen (resumed = true) within the grace window.
    virtual void onStreamInterrupted(const StreamInfo& info) = 0;
    /// The broadcast is over for good.
    virtual void onStreamClosed(const StreamInfo& info) = 0;
};

/// Connects ingest plugins to packaging plugins without either knowing the other.
class MediaBus {
public:
    virtual ~MediaBus() = default;
    /// Opens (or resumes) the broadcast a PublishGrant allows. `onSuperseded`
    /// runs when a reconnecting encoder takes the broadcast over from this one.
    virtual std::unique_ptr<MediaPublisher> openStream(const PublishGrant& grant,
                                                       std::vector<TrackInfo> tracks,
                                                       std::string encoder,
                                                       std::function<void()> onSuperseded) = 0;
    virtual void addObserver(std::shared_ptr<MediaObserver> observer) = 0;
    /// Info for a live stream, or nullptr.
    virtual std::shared_ptr<const StreamInfo> liveStream(const std::string& roomId) const = 0;
};

}  // namespace sockstream
