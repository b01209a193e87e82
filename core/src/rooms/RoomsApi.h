#pragma once

#include <string>

#include "http/Router.h"
#include "rooms/RoomsImpl.h"
#include "sockstream/identity/Identity.h"

namespace sockstream::core {

/// The HTTP API of channels and rooms (/api/channels, /api/rooms, /api/me/room).
class RoomsApi {
public:
    RoomsApi(RoomsImpl& rooms, Identity& identity) : _rooms(rooms), _identity(identity) {}
    void registerRoutes(Router& router);

    /// `forOwner` adds what only the owner and admins see (streamKeyMode, ingest[]).
    Poco::JSON::Object::Ptr roomJson(const Room& room, bool forOwner = false) const;
    static Poco::JSON::Object::Ptr channelJson(const Channel& channel);

private:
    AuthenticatedUser requireUser(const HttpRequest& request);

    RoomsImpl& _rooms;
    Identity& _identity;
};

}  // namespace sockstream::core
