#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "SdpOffer.h"

namespace sockstream::webrtc {

/// What we put into every answer: our ICE-lite credentials, our DTLS
/// certificate's fingerprint and the one host candidate (the shared UDP port).
struct AnswerParameters {
    std::string iceUfrag;
    std::string icePassword;
    std::string fingerprintSha256;  ///< upper-case hex pairs with colons
    std::string candidateAddress;   ///< the address browsers reach, e.g. "127.0.0.1"
    std::uint16_t candidatePort = 0;
    /// ICE-TCP: our passive TCP candidate's port on `candidateAddress` (0: none).
    std::uint16_t tcpCandidatePort = 0;
    std::uint32_t videoSsrc = 0;
    std::uint32_t audioSsrc = 0;
    std::string cname = "sockstream";
    std::optional<int> h264ProfileIdc;  ///< the stream's profile, to prefer in the offer
    std::uint64_t sessionVersion = 1;   ///< o= session id
    /// false: a WHEP answer (we send: a=sendonly, our SSRCs); true: a WHIP
    /// answer (we receive a publisher's media: a=recvonly, no SSRCs of ours).
    bool receive = false;
};

/// One track the answer agreed to send (WHEP) or to receive (WHIP).
struct NegotiatedTrack {
    std::string mid;
    SdpCodec codec;
    std::uint32_t ssrc = 0;
};

struct SdpAnswer {
    std::string sdp;
    std::optional<NegotiatedTrack> video;
    std::optional<NegotiatedTrack> audio;
    std::string remoteIceUfrag;
    std::string remoteFingerprint;  ///< sha-256, to check against the browser's DTLS certificate
};

/// Writes the WHEP answer (JSEP, RFC 8829 section 5.3): ICE-lite, a=setup:passive,
/// sendonly, one H.264 and one Opus section at most, every other section
/// rejected with port 0. Throws WebRtcError when nothing can be sent or the
/// offer cannot be served (no rtcp-mux, no sha-256 fingerprint, setup:passive,
/// media outside BUNDLE). With `parameters.receive` it writes the WHIP answer
/// instead: the sections the publisher sends (sendonly/sendrecv) are taken
/// recvonly, H.264 packetization-mode=1 (Constrained Baseline preferred; VP8
/// when the offer has no H.264, see chooseWhipVideo) and Opus, with NACK, PLI
/// and FIR feedback for the video.
SdpAnswer writeSdpAnswer(const SdpOffer& offer, const AnswerParameters& parameters);

}  // namespace sockstream::webrtc
