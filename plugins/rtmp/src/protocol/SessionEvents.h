#pragma once

#include <string>
#include <vector>

#include "sockstream/media/MediaTypes.h"

namespace sockstream::rtmp {

/// What an RtmpSession asks of its surroundings (the plugin glue, or a test).
class SessionEvents {
public:
    virtual ~SessionEvents() = default;
    /// Bytes for the peer, in order.
    virtual void sendBytes(std::string bytes) = 0;
    /// A client asked to publish `streamKey` in the configured application.
    /// The session holds further input until acceptPublish() or refusePublish().
    virtual void publishRequested(const std::string& streamKey) = 0;
    /// The sequence headers the encoder announced arrived (or the wait ran out).
    virtual void openStream(std::vector<TrackInfo> tracks, const std::string& encoder) = 0;
    virtual void updateTracks(std::vector<TrackInfo> tracks) = 0;
    virtual void pushPacket(const MediaPacket& packet) = 0;
    /// FCUnpublish, deleteStream or closeStream: the broadcast ended normally.
    virtual void unpublished() = 0;
    /// The session wants the connection closed once queued bytes are out.
    virtual void closeRequested(const std::string& why) = 0;
};

}  // namespace sockstream::rtmp
