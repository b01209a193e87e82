#pragma once

#include "DestinationStore.h"
#include "RestreamConfig.h"
#include "RestreamHub.h"
#include "sockstream/SockStream.h"

namespace sockstream::restream {

/// The owner's API for a room's destinations:
///   GET    /api/rooms/{roomId}/restream-destinations           list + live state + presets
///   POST   /api/rooms/{roomId}/restream-destinations           add {name, url, key, enabled?}
///   PATCH  /api/rooms/{roomId}/restream-destinations/{destId}  change any of them
///   DELETE /api/rooms/{roomId}/restream-destinations/{destId}
/// Only the room's owner and admins; a key is never sent back, only maskKey().
class RestreamRoutes {
public:
    RestreamRoutes(PluginContext& context, DestinationStore& store, RestreamHub& hub, const RestreamConfig& config)
        : _context(context), _store(store), _hub(hub), _config(config) {}

    void install(HttpRouter& router);

private:
    /// The room the signed-in owner (or an admin) may manage; throws 401/404/403.
    Room authorize(const HttpRequest& request);
    Poco::JSON::Object describe(const Destination& destination) const;

    PluginContext& _context;
    DestinationStore& _store;
    RestreamHub& _hub;
    const RestreamConfig& _config;
};

}  // namespace sockstream::restream
