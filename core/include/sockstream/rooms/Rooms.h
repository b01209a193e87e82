#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sockstream/rooms/Endpoints.h"
#include "sockstream/rooms/Room.h"
#include "sockstream/rooms/StreamKeys.h"

namespace sockstream {

/// Channels, rooms and stream keys: the platform's own data, owned by core.
class Rooms {
public:
    virtual ~Rooms() = default;
    virtual std::vector<Channel> channels() const = 0;
    virtual std::optional<Channel> findChannel(const std::string& channelId) const = 0;
    virtual std::optional<Room> findRoom(const std::string& roomId) const = 0;
    /// Live rooms first, then most recently updated.
    virtual std::vector<Room> listRooms(const std::string& channelId) const = 0;
    virtual bool isOwnerOrAdmin(const std::string& roomId, const std::string& userId) const = 0;
    /// A site admin (config rooms.admins), whatever room. May block on the
    /// database. The default, for test doubles, says no.
    virtual bool isAdminUser(const std::string& userId) const {
        (void)userId;
        return false;
    }

    /// The check an ingest makes at publish: key -> room, or a typed refusal
    /// (PublishDecision::refusal) the ingest words in its own protocol.
    virtual PublishDecision authorizePublish(std::string_view streamKey) = 0;

    /// How viewers play `roomId`: every running playback plugin's declaration
    /// with {roomId} filled in, in declaration order (empty with none running).
    /// The room JSON's `playback[]`; see sockstream/rooms/EndpointJson.h.
    virtual std::vector<PlaybackEndpoint> playback(const std::string& roomId) const = 0;
    /// A playback plugin says whether its `protocol` can serve `roomId` now:
    /// with available = false, that room's playback entry carries
    /// `"available": false` and `"unavailableReason": reason` (words a viewer
    /// and the host can act on) until the plugin says available = true again
    /// (the reason is then dropped). Forgotten when the plugin unloads.
    /// Thread-safe; cheap enough to call on every stream change.
    virtual void setPlaybackAvailability(const std::string& roomId, const std::string& protocol, bool available,
                                         const std::string& reason) = 0;
    /// How encoders reach this server: every running ingest plugin's declaration.
    virtual std::vector<IngestEndpoint> ingest() const = 0;

    /// Runtime viewer count reported by whoever counts viewers (the chat plugin).
    virtual void setViewerCount(const std::string& roomId, int viewers) = 0;
};

}  // namespace sockstream
