#include "WhipRoutes.h"

#include <openssl/evp.h>
#include <strings.h>

#include "CodecChoice.h"
#include "SdpAnswer.h"
#include "SdpParser.h"
#include "Signalling.h"
#include "WebRtcError.h"
#include "WhepSession.h"
#include "WhipRefusal.h"
#include "sockstream/util/Random.h"

namespace sockstream::webrtc {

namespace {

constexpr const char* kSessionPath = "/whip/sessions/";
constexpr std::size_t kMaxEncoderNameLength = 120;

/// The Bearer token of the Authorization header (RFC 6750 2.1), or empty.
std::string bearerToken(const HttpRequest& request) {
    const std::string header = request.header("Authorization").value_or("");
    constexpr std::string_view kScheme = "bearer ";
    if (header.size() <= kScheme.size()) return {};
    for (std::size_t i = 0; i < kScheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return {};
    std::string token = header.substr(kScheme.size());
    token.erase(0, token.find_first_not_of(' '));
    token.erase(token.find_last_not_of(' ') + 1);
    return token;
}

/// SHA-256 of the key: what a session keeps to check DELETE's key, rather than the key itself.
std::string digestOf(const std::string& key) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(key.data(), key.size(), digest, &length, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<const char*>(digest), length);
}

HttpResponse missingKey() {
    auto response = HttpResponse::error(
        401, "missing_key",
        "WHIP needs the room's stream key as \"Authorization: Bearer <stream key>\" (in OBS: Settings > Stream, "
        "Service WHIP, the key in \"Bearer Token\"); it is never taken from the URL");
    response.setHeader("WWW-Authenticate", "Bearer");
    return response;
}

/// Whether the offer sends video at all, and whether as H.264 or VP8 we can take.
struct VideoOffer {
    bool sends = false;
    bool usable = false;
    std::string codecs;  ///< what it offers instead, for the refusal
};

VideoOffer videoOf(const SdpOffer& offer) {
    VideoOffer found;
    for (const auto& media : offer.media) {
        if (media.kind != "video" || media.port == 0 || (media.direction != "sendonly" && media.direction != "sendrecv"))
            continue;
        found.sends = true;
        if (chooseWhipVideo(media)) found.usable = true;
        for (const auto& codec : media.codecs)
            if (codec.name != "rtx" && codec.name != "red" && codec.name != "ulpfec" &&
                found.codecs.find(codec.name) == std::string::npos)
                found.codecs += (found.codecs.empty() ? "" : ", ") + codec.name;
    }
    return found;
}

}  // namespace

WhipRoutes::WhipRoutes(Services services)
    : _s(std::move(services)),
      _answers({"WHIP", "has", "end one", "publish over RTMP or SRT"}, _s.config.maxSessions,
               _s.config.maxSessionsPerAddress) {}

void WhipRoutes::install(HttpRouter& router) {
    router.add("POST", "/whip", [this](const HttpRequest& request) { return offer(request); });
    router.add("POST", "/whip/{roomId}", [this](const HttpRequest& request) { return offer(request); });
    router.add("DELETE", "/whip/sessions/{sessionId}", [this](const HttpRequest& request) { return end(request); });
    router.add("PATCH", "/whip/sessions/{sessionId}", [](const HttpRequest&) { return trickleIceRefused(); });
}

HttpResponse WhipRoutes::offer(const HttpRequest& request) {
    if (auto refused = _answers.refuseUnlessSdp(request)) return std::move(*refused);
    // The key first, as RTMP and SRT check it: nothing about ICE or DTLS for a stranger.
    const std::string key = bearerToken(request);
    if (key.empty()) return missingKey();
    SdpOffer parsed;
    try {
        parsed = parseSdpOffer(request.body);
    } catch (const WebRtcError& error) {
        return SignallingAnswers::badOffer(error);
    }
    const VideoOffer video = videoOf(parsed);
    if (!video.sends)
        return HttpResponse::error(422, "no_video",
                                   "the SDP offer sends no video: a broadcast needs H.264 or VP8 video (and may have Opus audio)");
    if (!video.usable)
        return HttpResponse::error(
            422, "unsupported_video_codec",
            "the SDP offer's video is " + (video.codecs.empty() ? std::string("no codec we know") : video.codecs) +
                ", and this server takes only H.264 (packetization-mode=1) or VP8 over WHIP (VP8 is transcoded to "
                "H.264 for HLS): set the encoder to H.264, or let the browser offer H.264 or VP8");

    const PublishDecision decision = _s.rooms.authorizePublish(key);
    if (!decision.allowed) {
        _s.logger.notice("webrtc: WHIP publish from %s refused: %s", request.remoteAddress, decision.reason);
        return whipRefusal(decision.refusal);
    }
    const PublishGrant& grant = decision.grant;
    const std::string& pathRoom = request.param("roomId");
    if (!pathRoom.empty() && pathRoom != grant.roomId)
        return HttpResponse::error(403, "wrong_room",
                                   "this stream key belongs to another room: POST to /whip/" + grant.roomId + " or to /whip");

    AnswerParameters parameters =
        baseAnswerParameters(_s.certificate.fingerprint(), _s.config.candidateAddress, _s.port.candidatePort());
    parameters.tcpCandidatePort = _s.port.tcpPort();
    parameters.receive = true;
    SdpAnswer answer;
    try {
        answer = writeSdpAnswer(parsed, parameters);
    } catch (const WebRtcError& error) {
        return SignallingAnswers::badOffer(error);
    }

    const std::string sessionId = secureRandomToken(12);
    auto session = std::make_shared<WhepSession>(sessionId, grant.roomId, _s.certificate, answer.remoteFingerprint,
                                                 std::nullopt, std::nullopt);
    WhipPublisher::Setup setup;
    setup.grant = grant;
    setup.encoder = "WHIP";
    if (const auto agent = request.header("User-Agent"); agent && !agent->empty())
        setup.encoder += " (" + agent->substr(0, kMaxEncoderNameLength) + ")";
    if (answer.video) {
        setup.videoPayloadType = answer.video->codec.payloadType;
        setup.videoIsVp8 = answer.video->codec.name.size() == 3 && strncasecmp(answer.video->codec.name.c_str(), "VP8", 3) == 0;
        // Stream health shows the encoder: say what the browser really sends.
        if (setup.videoIsVp8) setup.encoder += ", VP8 transcoded to H.264 by the server";
    }
    if (answer.audio) setup.audioPayloadType = answer.audio->codec.payloadType;
    setup.startMicros = grant.resumed ? _s.publishers.resumeAt(grant.broadcastId) : 0;
    setup.keyframeInterval = _s.config.whipKeyframeInterval;
    setup.silenceTimeout = _s.config.whipSilenceTimeout;
    setup.vp8Transcode.bitrate = _s.config.whipTranscodeBitrateKbps * 1000;
    setup.closed = [endLater = _s.endLater, sessionId](const std::string& why) { endLater(sessionId, why); };
    auto publisher = std::make_shared<WhipPublisher>(_s.media, _s.logger, session, std::move(setup));
    if (const auto& why = publisher->unusable()) {
        _s.logger.error("webrtc: WHIP publish to room %s refused: %s", grant.roomId, *why);
        return HttpResponse::error(500, "transcoding_unavailable", *why);
    }

    SessionRegistry::Entry entry;
    entry.id = sessionId;
    entry.role = SessionRegistry::Role::Publisher;
    entry.roomId = grant.roomId;
    entry.clientAddress = request.remoteAddress;
    entry.session = session;
    entry.createdAt = SessionRegistry::Clock::now();
    if (const auto refusal = _s.sessions.add(entry)) return _answers.sessionRefused(*refusal);
    _s.publishers.add(sessionId, publisher, digestOf(key));
    if (!_s.port.addIce(sessionId, {parameters.iceUfrag, parameters.icePassword, answer.remoteIceUfrag})) {
        if (auto removed = _s.sessions.remove(sessionId)) _s.release(*removed, "its ICE credentials could not be set up");
        return SignallingAnswers::iceNotSetUp();
    }

    auto response = SignallingAnswers::created(answer.sdp, kSessionPath + sessionId, sessionId);
    _s.logger.information("webrtc: WHIP session %s publishes to room %s from %s%s", sessionId, grant.roomId,
                          request.remoteAddress, std::string(grant.resumed ? " (resuming)" : ""));
    return response;
}

HttpResponse WhipRoutes::end(const HttpRequest& request) {
    const std::string& sessionId = request.param("sessionId");
    const std::string key = bearerToken(request);
    if (key.empty()) return missingKey();
    const auto publisher = _s.publishers.findWithKey(sessionId, digestOf(key));
    if (!publisher)
        return HttpResponse::error(404, "session_not_found",
                                   "there is no WHIP session " + sessionId +
                                       " published with this key (it ended, expired or never existed)");
    // The broadcast ends for good (not a lost connection): finish before the session goes.
    publisher->finish();
    if (auto entry = _s.sessions.remove(sessionId)) _s.release(*entry, "the publisher ended the broadcast (DELETE)");
    return HttpResponse(200);
}

}  // namespace sockstream::webrtc
