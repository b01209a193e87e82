#include "WhepRoutes.h"

#include "Signalling.h"
#include "SdpAnswer.h"
#include "SdpParser.h"
#include "WebRtcError.h"
#include "WhepProtocol.h"
#include "WhepSession.h"
#include "sockstream/util/Random.h"

namespace sockstream::webrtc {

namespace {

std::string sessionPath(const std::string& roomId, const std::string& sessionId) {
    return "/whep/" + roomId + "/sessions/" + sessionId;
}

}  // namespace

WhepRoutes::WhepRoutes(Services services)
    : _s(std::move(services)),
      _answers({"WHEP", "watches", "close one (DELETE its session)", "play the room over HLS"}, _s.config.maxSessions,
               _s.config.maxSessionsPerAddress) {}

void WhepRoutes::install(HttpRouter& router) {
    router.add("POST", kWhepUrlTemplate, [this](const HttpRequest& request) { return offer(request); });
    router.add("DELETE", "/whep/{roomId}/sessions/{sessionId}",
               [this](const HttpRequest& request) { return leave(request); });
    router.add("PATCH", "/whep/{roomId}/sessions/{sessionId}", [](const HttpRequest&) { return trickleIceRefused(); });
}

HttpResponse WhepRoutes::offer(const HttpRequest& request) {
    const std::string& roomId = request.param("roomId");
    if (auto refused = _answers.refuseUnlessSdp(request)) return std::move(*refused);
    if (!_s.rooms.findRoom(roomId)) return HttpResponse::error(404, "room_not_found", "there is no room " + roomId);
    if (!_s.media.liveStream(roomId))
        return HttpResponse::error(404, "room_not_live",
                                   "room " + roomId + " is not live: there is nothing to play until its host goes live");
    const auto feed = _s.feeds.find(roomId);
    if (!feed)
        return HttpResponse::error(404, "room_not_live", "room " + roomId + " has no media yet; try again in a moment");
    if (const auto reason = feed->unplayableReason())
        return HttpResponse::error(422, "webrtc_unplayable", *reason);

    SdpAnswer answer;
    AnswerParameters parameters =
        baseAnswerParameters(_s.certificate.fingerprint(), _s.config.candidateAddress, _s.port.candidatePort());
    parameters.tcpCandidatePort = _s.port.tcpPort();
    parameters.videoSsrc = randomSsrc();
    parameters.audioSsrc = randomSsrc();
    parameters.h264ProfileIdc = feed->h264ProfileIdc();
    try {
        answer = writeSdpAnswer(parseSdpOffer(request.body), parameters);
    } catch (const WebRtcError& error) {
        return SignallingAnswers::badOffer(error);
    }
    if (!answer.video)
        return HttpResponse::error(400, "bad_offer",
                                   "the SDP offer has no video section this server can send to: it sends H.264 "
                                   "(packetization-mode=1) and the offer must receive video");

    const auto track = [](const std::optional<NegotiatedTrack>& negotiated) -> std::optional<ViewerTrack> {
        if (!negotiated) return std::nullopt;
        return ViewerTrack{static_cast<std::uint8_t>(negotiated->codec.payloadType), negotiated->ssrc};
    };
    const std::string sessionId = secureRandomToken(12);
    auto session = std::make_shared<WhepSession>(sessionId, roomId, _s.certificate, answer.remoteFingerprint,
                                                 track(answer.video), track(answer.audio));
    SessionRegistry::Entry entry;
    entry.id = sessionId;
    entry.roomId = roomId;
    entry.clientAddress = request.remoteAddress;
    entry.session = session;
    entry.createdAt = SessionRegistry::Clock::now();
    if (const auto refusal = _s.sessions.add(entry)) return _answers.sessionRefused(*refusal);
    if (!_s.port.addIce(sessionId, {parameters.iceUfrag, parameters.icePassword, answer.remoteIceUfrag})) {
        _s.sessions.remove(sessionId);
        return SignallingAnswers::iceNotSetUp();
    }

    auto response = SignallingAnswers::created(answer.sdp, sessionPath(roomId, sessionId), sessionId);
    _s.logger.information("webrtc: WHEP session %s for room %s from %s", sessionId, roomId, request.remoteAddress);
    return response;
}

HttpResponse WhepRoutes::leave(const HttpRequest& request) {
    const std::string& roomId = request.param("roomId");
    const std::string& sessionId = request.param("sessionId");
    if (!_s.sessions.findInRoom(sessionId, roomId))
        return HttpResponse::error(404, "session_not_found",
                                   "there is no WHEP session " + sessionId + " in room " + roomId +
                                       " (it ended, expired or never existed)");
    if (auto entry = _s.sessions.remove(sessionId)) _s.release(*entry, "the viewer left (DELETE)");
    return HttpResponse(200);
}

}  // namespace sockstream::webrtc
