#pragma once

#include <functional>
#include <string>

#include <Poco/Logger.h>

#include "DtlsCertificate.h"
#include "MediaPort.h"
#include "SessionRegistry.h"
#include "SignallingAnswers.h"
#include "WebRtcConfig.h"
#include "WhipPublishers.h"
#include "sockstream/http/HttpRouter.h"
#include "sockstream/media/MediaBus.h"
#include "sockstream/rooms/Rooms.h"

namespace sockstream::webrtc {

/// WHIP ingest signalling (RFC 9725). POST /whip (the stream key names the
/// room) or /whip/{roomId} (which must be the key's room) with the stream key
/// as `Authorization: Bearer <key>` (never in a URL) and an SDP offer that
/// sends H.264 and Opus: the key is checked first, as RTMP and SRT check it
/// (401 before any ICE), then the offer; 201 with the answer and the
/// session's Location. DELETE that Location, with the same key, ends the
/// broadcast; PATCH (trickle ICE, ICE restart) is refused in words. The media
/// then arrives on the shared UDP port (MediaPort) and goes to a WhipPublisher.
class WhipRoutes {
public:
    struct Services {
        const WebRtcConfig& config;
        const DtlsCertificate& certificate;
        SessionRegistry& sessions;
        WhipPublishers& publishers;
        MediaPort& port;
        Rooms& rooms;
        MediaBus& media;
        Poco::Logger& logger;
        /// Ends a session from the bus's close handler (any thread, must not block).
        std::function<void(const std::string& sessionId, const std::string& why)> endLater;
        /// Lets go of a session removed from the registry.
        std::function<void(const SessionRegistry::Entry&, const std::string& why)> release;
    };

    explicit WhipRoutes(Services services);
    void install(HttpRouter& router);

private:
    HttpResponse offer(const HttpRequest& request);
    HttpResponse end(const HttpRequest& request);

    Services _s;
    SignallingAnswers _answers;
};

}  // namespace sockstream::webrtc
