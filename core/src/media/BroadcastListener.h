#pragma once

#include <string>

#include "sockstream/media/MediaTypes.h"
#include "sockstream/rooms/StreamKeys.h"

namespace sockstream::core {

/// What the media bus tells the owner of rooms and keys about a broadcast's life.
class BroadcastListener {
public:
    virtual ~BroadcastListener() = default;
    /// Asked before a broadcast's media opens: false refuses it (its key was revoked
    /// or re-authorised since the publish was accepted). Default: allowed.
    virtual bool broadcastOpening(const PublishGrant&) { return true; }
    virtual void broadcastOpened(const PublishGrant& grant, bool resumed) = 0;
    virtual void broadcastInterrupted(const PublishGrant& grant) = 0;
    /// Over for good: clean end ("ended"), the owner's stop ("ended_by_host"), or no
    /// reconnect within the grace window ("grace_expired").
    virtual void broadcastFinished(const PublishGrant& grant, const std::string& reason) = 0;
    /// The server is stopping: the room goes offline but the key stays usable, so the
    /// encoder can resume within the grace window once the server is back.
    virtual void broadcastSuspended(const PublishGrant& grant) = 0;
};

}  // namespace sockstream::core
