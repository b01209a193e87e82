#include "WebRtcObserver.h"

#include "WhepProtocol.h"

namespace sockstream::webrtc {

WebRtcObserver::WebRtcObserver(FeedRegistry& feeds, MediaPort& port, Rooms& rooms, Poco::Logger& logger,
                               EndRoom endRoom)
    : _feeds(feeds), _port(port), _rooms(rooms), _logger(logger), _endRoom(std::move(endRoom)) {}

void WebRtcObserver::onStreamOpened(const StreamInfo& info, bool) { onTracksChanged(info); }

void WebRtcObserver::onTracksChanged(const StreamInfo& info) {
    auto feed = _feeds.open(info.roomId);
    if (feed->onTracks(info)) playabilityChanged(*feed);
}

void WebRtcObserver::onPacket(const StreamInfo& info, const MediaPacket& packet) {
    auto feed = _feeds.find(info.roomId);
    if (!feed) return;
    DatagramBatch batch;
    const bool changed = feed->onPacket(packet, batch);
    _port.send(batch);
    if (changed) playabilityChanged(*feed);
}

void WebRtcObserver::onStreamInterrupted(const StreamInfo&) {
    // The encoder may come back within the grace window: viewers stay and
    // resume at its first keyframe; the idle timeout ends them otherwise.
}

void WebRtcObserver::onStreamClosed(const StreamInfo& info) {
    _feeds.close(info.roomId);
    _rooms.setPlaybackAvailability(info.roomId, kWhepProtocol, true, "");
    _endRoom(info.roomId, "the broadcast ended");
}

void WebRtcObserver::playabilityChanged(const StreamFeed& feed) {
    const auto reason = feed.unplayableReason();
    _rooms.setPlaybackAvailability(feed.roomId(), kWhepProtocol, !reason, reason.value_or(""));
    if (!reason) return;
    _logger.notice("webrtc: room %s cannot play over WebRTC: %s", feed.roomId(), *reason);
    _endRoom(feed.roomId(), *reason);
}

}  // namespace sockstream::webrtc
