#include "WebRtcObserver.h"

#include "WhepProtocol.h"
#include "sockstream/events/RoomEvents.h"

namespace sockstream::webrtc {

WebRtcObserver::WebRtcObserver(FeedRegistry& feeds, MediaPort& port, Rooms& rooms, EventBus& events,
                               Poco::Logger& logger, EndRoom endRoom)
    : _feeds(feeds), _port(port), _rooms(rooms), _events(events), _logger(logger), _endRoom(std::move(endRoom)) {}

void WebRtcObserver::onStreamOpened(const StreamInfo& info, bool) { onTracksChanged(info); }

void WebRtcObserver::onTracksChanged(const StreamInfo& info) {
    auto feed = _feeds.open(info.roomId);
    if (feed->onTracks(info)) playabilityChanged(*feed);
}

void WebRtcObserver::onPacket(const StreamInfo& info, const MediaPacket& packet) {
    auto feed = _feeds.find(info.roomId);
    if (!feed) return;
    auto batch = _port.mediaBatch();
    const bool changed = feed->onPacket(packet, batch);
    batch.flush();
    if (changed) playabilityChanged(*feed);
}

void WebRtcObserver::onStreamInterrupted(const StreamInfo&) {
    // The encoder may come back within the grace window: viewers stay and
    // resume at its first keyframe; the idle timeout ends them otherwise.
}

void WebRtcObserver::onStreamClosed(const StreamInfo& info) {
    _feeds.close(info.roomId);
    // Only a change is news: most broadcasts were playable all along.
    for (const auto& entry : _rooms.playback(info.roomId))
        if (entry.protocol == kWhepProtocol && !entry.available) setAvailability(info.roomId, std::nullopt);
    _endRoom(info.roomId, "the broadcast ended");
}

void WebRtcObserver::playabilityChanged(const StreamFeed& feed) {
    const auto reason = feed.unplayableReason();
    setAvailability(feed.roomId(), reason);
    if (!reason) return;
    _logger.notice("webrtc: room %s cannot play over WebRTC: %s", feed.roomId(), *reason);
    _endRoom(feed.roomId(), *reason);
}

void WebRtcObserver::setAvailability(const std::string& roomId, const std::optional<std::string>& reason) {
    _rooms.setPlaybackAvailability(roomId, kWhepProtocol, !reason, reason.value_or(""));
    // Rooms::setPlaybackAvailability() announces nothing itself: the room's
    // playback[] changed, so tell open pages (the chat plugin forwards it as room:updated).
    if (const auto room = _rooms.findRoom(roomId)) {
        RoomUpdated event;
        event.room = *room;
        _events.publish(event);
    }
}

}  // namespace sockstream::webrtc
