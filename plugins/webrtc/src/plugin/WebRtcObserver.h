#pragma once

#include <functional>
#include <optional>
#include <string>

#include <Poco/Logger.h>

#include "FeedRegistry.h"
#include "MediaPort.h"
#include "sockstream/events/EventBus.h"
#include "sockstream/media/MediaBus.h"
#include "sockstream/rooms/Rooms.h"

namespace sockstream::webrtc {

/// Feeds the media bus into per-room StreamFeeds and sends what they make.
/// When a stream cannot play over WebRTC (B-frames, not H.264) it tells the
/// core (Rooms::setPlaybackAvailability), so the room's "whep" entry says why,
/// and ends the room's WebRTC sessions. Each change is announced as a
/// RoomUpdated event, so open players (room:updated) switch without a reload.
class WebRtcObserver : public MediaObserver {
public:
    using EndRoom = std::function<void(const std::string& roomId, const std::string& why)>;

    WebRtcObserver(FeedRegistry& feeds, MediaPort& port, Rooms& rooms, EventBus& events, Poco::Logger& logger,
                   EndRoom endRoom);

    void onStreamOpened(const StreamInfo& info, bool resumed) override;
    void onTracksChanged(const StreamInfo& info) override;
    void onPacket(const StreamInfo& info, const MediaPacket& packet) override;
    void onStreamInterrupted(const StreamInfo& info) override;
    void onStreamClosed(const StreamInfo& info) override;

private:
    void playabilityChanged(const StreamFeed& feed);
    void setAvailability(const std::string& roomId, const std::optional<std::string>& reason);

    FeedRegistry& _feeds;
    MediaPort& _port;
    Rooms& _rooms;
    EventBus& _events;
    Poco::Logger& _logger;
    EndRoom _endRoom;
};

}  // namespace sockstream::webrtc
