#pragma once

#include <map>
#include <mutex>
#include <utility>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "sockstream/rooms/Endpoints.h"

namespace sockstream::core {

/// The ingest and playback endpoints plugins declared, each tagged with its
/// plugin so it disappears when that plugin unloads. Kept in declaration
/// order: plugins start in config order, so the config orders the choices.
class EndpointRegistry {
public:
    /// Throw std::invalid_argument naming the plugin and the missing field.
    void declareIngest(const std::string& owner, IngestEndpoint endpoint);
    void declarePlayback(const std::string& owner, PlaybackEndpoint endpoint);
    void removeOwner(const std::string& owner);
    /// Rooms::setPlaybackAvailability(): remembered per (room, protocol) until
    /// made available again or the declaring plugin unloads.
    void setAvailability(const std::string& roomId, const std::string& protocol, bool available,
                         const std::string& reason);

    std::vector<IngestEndpoint> ingest() const;
    /// The declarations with {roomId} filled in (percent-encoded) for `roomId`,
    /// and that room's availability.
    std::vector<PlaybackEndpoint> playbackFor(const std::string& roomId) const;
    /// {"ingest": [...], "playback": [...]} as declared (with their placeholders), for GET /api/features.
    Poco::JSON::Object::Ptr declarationsJson() const;

private:
    template <class Endpoint>
    struct Owned {
        std::string owner;
        Endpoint endpoint;
    };
    mutable std::mutex _mutex;
    std::vector<Owned<IngestEndpoint>> _ingest;
    std::vector<Owned<PlaybackEndpoint>> _playback;
    /// (roomId, protocol) -> why that protocol cannot serve the room.
    std::map<std::pair<std::string, std::string>, std::string> _unavailable;
};

}  // namespace sockstream::core
