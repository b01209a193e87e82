#pragma once

#include <functional>
#include <string>

#include <Poco/Logger.h>

#include "DtlsCertificate.h"
#include "FeedRegistry.h"
#include "MediaPort.h"
#include "SessionRegistry.h"
#include "SignallingAnswers.h"
#include "WebRtcConfig.h"
#include "sockstream/http/HttpRouter.h"
#include "sockstream/media/MediaBus.h"
#include "sockstream/rooms/Rooms.h"

namespace sockstream::webrtc {

/// WHEP signalling (draft-ietf-wish-whep): POST /whep/{roomId} with an SDP
/// offer answers 201 with our SDP answer and the session's Location;
/// DELETE that Location leaves; PATCH (trickle ICE) is refused in words, as
/// ICE-lite with one host candidate needs none. Errors use the platform's
/// JSON error shape with words a viewer (and a developer) can act on.
class WhepRoutes {
public:
    struct Services {
        const WebRtcConfig& config;
        const DtlsCertificate& certificate;
        FeedRegistry& feeds;
        SessionRegistry& sessions;
        MediaPort& port;
        Rooms& rooms;
        MediaBus& media;
        Poco::Logger& logger;
        /// Lets go of a session removed from the registry (its ICE, its feed).
        std::function<void(const SessionRegistry::Entry&, const std::string& why)> release;
    };

    explicit WhepRoutes(Services services);
    void install(HttpRouter& router);

private:
    HttpResponse offer(const HttpRequest& request);
    HttpResponse leave(const HttpRequest& request);

    Services _s;
    SignallingAnswers _answers;
};

}  // namespace sockstream::webrtc
