#include "SdpAnswer.h"

#include <algorithm>

#include "CodecChoice.h"
#include "WebRtcError.h"

namespace sockstream::webrtc {

namespace {
// RFC 8445 5.1.2.1 with RFC 6544 4.2's local preference for a passive host
// candidate (direction-pref 4, other-pref 8191): 126 << 24 | 40959 << 8 | 255,
// below the UDP candidate's 2130706431 so browsers that can use UDP do.
constexpr std::uint32_t kTcpCandidatePriority = 2124414975u;

bool wantsToReceive(const SdpMedia& media) { return media.direction == "recvonly" || media.direction == "sendrecv"; }
bool wantsToSend(const SdpMedia& media) { return media.direction == "sendonly" || media.direction == "sendrecv"; }

void writeRejected(std::string& sdp, const SdpMedia& media) {
    // JSEP 5.3.1: a rejected section keeps its kind, protocol and mid, with port 0.
    sdp += "m=" + media.kind + " 0 " + media.protocol + " " + (media.formats.empty() ? "0" : media.formats.front()) + "\r\n";
    sdp += "c=IN IP4 0.0.0.0\r\n";
    if (!media.mid.empty()) sdp += "a=mid:" + media.mid + "\r\n";
    sdp += "a=inactive\r\n";
}

void writeAccepted(std::string& sdp, const SdpMedia& media, const NegotiatedTrack& track,
                   const AnswerParameters& p) {
    const std::string pt = std::to_string(track.codec.payloadType);
    sdp += "m=" + media.kind + " 9 " + media.protocol + " " + pt + "\r\n";
    sdp += "c=IN IP4 0.0.0.0\r\n";
    sdp += "a=mid:" + media.mid + "\r\n";
    sdp += "a=ice-ufrag:" + p.iceUfrag + "\r\n";
    sdp += "a=ice-pwd:" + p.icePassword + "\r\n";
    sdp += "a=fingerprint:sha-256 " + p.fingerprintSha256 + "\r\n";
    // We are the DTLS server: the browser, as the client, starts the handshake
    // once ICE completes, which a lite agent that never sends checks needs.
    sdp += "a=setup:passive\r\n";
    sdp += p.receive ? "a=recvonly\r\n" : "a=sendonly\r\n";
    sdp += "a=rtcp-mux\r\n";
    sdp += "a=rtpmap:" + pt + " " + track.codec.name + "/" + std::to_string(track.codec.clockRate);
    if (media.kind == "audio" && track.codec.channels > 1) sdp += "/" + std::to_string(track.codec.channels);
    sdp += "\r\n";
    if (!track.codec.fmtp.empty()) sdp += "a=fmtp:" + pt + " " + track.codec.fmtp + "\r\n";
    for (const auto& feedback : track.codec.feedback) sdp += "a=rtcp-fb:" + pt + " " + feedback + "\r\n";
    if (!p.receive) {
        // msid groups both tracks into one MediaStream on the browser's side.
        sdp += "a=msid:sockstream " + media.kind + "\r\n";
        sdp += "a=ssrc:" + std::to_string(track.ssrc) + " cname:" + p.cname + "\r\n";
    }
    sdp += "a=candidate:1 1 udp 2130706431 " + p.candidateAddress + " " + std::to_string(p.candidatePort) +
           " typ host\r\n";
    if (p.tcpCandidatePort != 0)
        sdp += "a=candidate:2 1 tcp " + std::to_string(kTcpCandidatePriority) + " " + p.candidateAddress + " " +
               std::to_string(p.tcpCandidatePort) + " typ host tcptype passive\r\n";
    sdp += "a=end-of-candidates\r\n";
}

/// The feedback we answer: NACK (retransmission), PLI and FIR (keyframes); we
/// do not implement REMB or transport-cc, so they are not agreed to.
SdpCodec withOurFeedback(SdpCodec codec, bool video) {
    std::vector<std::string> kept;
    for (const auto& feedback : codec.feedback)
        if (video && (feedback == "nack" || feedback == "nack pli" || feedback == "ccm fir")) kept.push_back(feedback);
    codec.feedback = std::move(kept);
    return codec;
}
}  // namespace

SdpAnswer writeSdpAnswer(const SdpOffer& offer, const AnswerParameters& p) {
    SdpAnswer answer;
    std::vector<const SdpMedia*> accepted;
    for (const auto& media : offer.media) {
        if (media.port == 0 || !(p.receive ? wantsToSend(media) : wantsToReceive(media))) continue;
        if (media.kind == "video" && !answer.video) {
            const auto* codec = p.receive ? chooseWhipVideo(media) : chooseH264(media, p.h264ProfileIdc);
            if (codec) {
                answer.video = NegotiatedTrack{media.mid, withOurFeedback(*codec, true), p.videoSsrc};
                accepted.push_back(&media);
            }
        } else if (media.kind == "audio" && !answer.audio) {
            if (const auto* codec = chooseOpus(media)) {
                answer.audio = NegotiatedTrack{media.mid, withOurFeedback(*codec, false), p.audioSsrc};
                accepted.push_back(&media);
            }
        }
    }
    if (accepted.empty())
        throw WebRtcError(p.receive ? "the SDP offer sends neither H.264 (packetization-mode=1) or VP8 video nor Opus audio"
                                    : "the SDP offer asks to receive neither H.264 (packetization-mode=1) video nor Opus audio");

    const SdpMedia& first = *accepted.front();
    for (const auto* media : accepted) {
        if (!media->rtcpMux) throw WebRtcError("the SDP offer's " + media->kind + " section lacks a=rtcp-mux, which SockStream requires");
        if (media->fingerprintAlgorithm != "sha-256")
            throw WebRtcError("the SDP offer's DTLS fingerprint is not sha-256");
        if (media->setup == "passive" || media->setup == "holdconn")
            throw WebRtcError("the SDP offer has a=setup:" + media->setup + "; SockStream is the DTLS server and needs actpass or active");
        if (media->iceUfrag != first.iceUfrag || media->icePassword != first.icePassword ||
            media->fingerprint != first.fingerprint)
            throw WebRtcError("the SDP offer's media sections use different ICE or DTLS credentials; SockStream bundles them on one transport");
        if (accepted.size() > 1 &&
            std::find(offer.bundleMids.begin(), offer.bundleMids.end(), media->mid) == offer.bundleMids.end())
            throw WebRtcError("the SDP offer does not BUNDLE a=mid:" + media->mid + "; SockStream sends all media on one transport");
    }
    answer.remoteIceUfrag = first.iceUfrag;
    answer.remoteFingerprint = first.fingerprint;

    std::string& sdp = answer.sdp;
    sdp += "v=0\r\n";
    sdp += "o=- " + std::to_string(p.sessionVersion) + " 2 IN IP4 127.0.0.1\r\n";
    sdp += "s=-\r\n";
    sdp += "t=0 0\r\n";
    sdp += "a=group:BUNDLE";
    for (const auto* media : accepted) sdp += " " + media->mid;
    sdp += "\r\n";
    sdp += "a=ice-lite\r\n";
    sdp += "a=msid-semantic: WMS sockstream\r\n";
    for (const auto& media : offer.media) {
        const bool isAccepted = std::find(accepted.begin(), accepted.end(), &media) != accepted.end();
        if (!isAccepted) {
            writeRejected(sdp, media);
        } else {
            writeAccepted(sdp, media, media.kind == "video" ? *answer.video : *answer.audio, p);
        }
    }
    return answer;
}

}  // namespace sockstream::webrtc
