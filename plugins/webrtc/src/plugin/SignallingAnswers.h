#pragma once

#include <optional>
#include <string>

#include "SessionRegistry.h"
#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponse.h"

namespace sockstream::webrtc {

class WebRtcError;

/// The HTTP answers WHIP and WHEP give alike to a POSTed SDP offer: the
/// refusal of a body that is not SDP, of an offer we cannot answer, of a
/// session the caps do not allow or whose ICE could not be set up, and the
/// 201 that carries our answer. Each protocol's words (its name, what its
/// user can do instead) come in `Wording`, so the refusals stay specific
/// while their status codes, error codes and headers are written once.
class SignallingAnswers {
public:
    struct Wording {
        std::string protocol;     ///< "WHIP" or "WHEP", as the client's user knows it
        std::string holds;        ///< "this address already <holds> N WebRTC sessions"
        std::string freeOne;      ///< "...the most this server allows; <freeOne> first"
        std::string otherwise;    ///< "...try again later or <otherwise>" when the server is full
    };

    /// `maxSessions` and `maxSessionsPerAddress` are the registry's caps, named in its refusals.
    SignallingAnswers(Wording wording, std::size_t maxSessions, std::size_t maxSessionsPerAddress)
        : _wording(std::move(wording)), _maxSessions(maxSessions), _maxSessionsPerAddress(maxSessionsPerAddress) {}

    /// 415 unless the request's Content-Type is application/sdp; nothing when it is.
    std::optional<HttpResponse> refuseUnlessSdp(const HttpRequest& request) const;
    /// 400 bad_offer with the parser's or the answer writer's words.
    static HttpResponse badOffer(const WebRtcError& error);
    /// 429 (this address's cap) or 503 (the server's) when the registry refuses a session.
    HttpResponse sessionRefused(SessionRegistry::Refusal refusal) const;
    /// 503 when the session's ICE credentials could not be registered with the UDP port.
    static HttpResponse iceNotSetUp();
    /// 201 with our SDP answer, the session's Location and ETag; never cached.
    static HttpResponse created(const std::string& answerSdp, const std::string& location, const std::string& sessionId);

private:
    Wording _wording;
    std::size_t _maxSessions;
    std::size_t _maxSessionsPerAddress;
};

}  // namespace sockstream::webrtc
