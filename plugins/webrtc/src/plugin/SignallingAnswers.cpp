#include "SignallingAnswers.h"

#include "Signalling.h"
#include "WebRtcError.h"
#include "WhepProtocol.h"

namespace sockstream::webrtc {

std::optional<HttpResponse> SignallingAnswers::refuseUnlessSdp(const HttpRequest& request) const {
    if (isSdpRequest(request)) return std::nullopt;
    return HttpResponse::error(415, "unsupported_media_type",
                               "a " + _wording.protocol + " offer is an SDP document sent with Content-Type: " +
                                   kSdpMimeType);
}

HttpResponse SignallingAnswers::badOffer(const WebRtcError& error) {
    return HttpResponse::error(400, "bad_offer", std::string("the SDP offer cannot be used: ") + error.what());
}

HttpResponse SignallingAnswers::sessionRefused(SessionRegistry::Refusal refusal) const {
    if (refusal == SessionRegistry::Refusal::TooManyFromAddress)
        return HttpResponse::error(429, "too_many_sessions",
                                   "this address already " + _wording.holds + " " +
                                       std::to_string(_maxSessionsPerAddress) +
                                       " WebRTC sessions, the most this server allows; " + _wording.freeOne + " first");
    return HttpResponse::error(503, "server_full",
                               "this server is serving its maximum of " + std::to_string(_maxSessions) +
                                   " WebRTC sessions; try again later or " + _wording.otherwise);
}

HttpResponse SignallingAnswers::iceNotSetUp() {
    return HttpResponse::error(503, "try_again", "could not set up the session's ICE credentials; try again");
}

HttpResponse SignallingAnswers::created(const std::string& answerSdp, const std::string& location,
                                        const std::string& sessionId) {
    HttpResponse response(201);
    response.setBody(answerSdp, kSdpMimeType);
    response.setHeader("Location", location);
    response.setHeader("ETag", "\"" + sessionId + "\"");
    response.setHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace sockstream::webrtc
