#pragma once

#include <string>

#include "http/Router.h"
#include "rooms/RoomsImpl.h"
#include "sockstream/identity/Identity.h"
#include "sockstream/plugin/Settings.h"

namespace sockstream::core {

/// The HTTP API of channels and rooms (/api/channels, /api/rooms, /api/me/room).
class RoomsApi {
public:
    RoomsApi(RoomsImpl& rooms, Identity& identity, const Settings& settings)
        : _rooms(rooms), _identity(identity), _settings(settings) {}
    void registerRoutes(Router& router);

    /// `forOwner` adds what only the owner and admins see (streamKeyMode).
    static Poco::JSON::Object::Ptr roomJson(const Room& room, bool forOwner = false);
    static Poco::JSON::Object::Ptr channelJson(const Channel& channel);

private:
    AuthenticatedUser requireUser(const HttpRequest& request);

    RoomsImpl& _rooms;
    Identity& _identity;
    const Settings& _settings;
};

}  // namespace sockstream::core
