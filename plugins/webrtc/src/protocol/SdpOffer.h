#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockstream::webrtc {

/// One payload type of a media section (a=rtpmap, a=fmtp, a=rtcp-fb).
struct SdpCodec {
    int payloadType = -1;
    std::string name;  ///< as written, e.g. "H264", "opus"
    int clockRate = 0;
    int channels = 1;
    std::string fmtp;  ///< raw parameters, e.g. "packetization-mode=1;profile-level-id=42e01f"
    std::vector<std::string> feedback;  ///< a=rtcp-fb values, e.g. "nack", "nack pli"

    /// Value of one fmtp parameter ("profile-level-id"), case-insensitive name.
    std::optional<std::string> fmtpParameter(std::string_view name) const;
    bool hasFeedback(std::string_view value) const;
};

/// One m= section of an offer, with session-level ICE/DTLS attributes already
/// inherited where the section has none of its own.
struct SdpMedia {
    std::string kind;      ///< "video", "audio", "application", ...
    int port = 0;
    std::string protocol;  ///< e.g. "UDP/TLS/RTP/SAVPF"
    std::vector<std::string> formats;  ///< the m= line's format list, as written
    std::string mid;
    std::string direction = "sendrecv";
    bool rtcpMux = false;
    std::string iceUfrag;
    std::string icePassword;
    std::string fingerprintAlgorithm;  ///< lower case, e.g. "sha-256"
    std::string fingerprint;           ///< upper-case hex pairs with colons
    std::string setup;                 ///< "actpass", "active", "passive"
    std::vector<SdpCodec> codecs;      ///< in m= line order, only those with an rtpmap

    const SdpCodec* codec(int payloadType) const;
};

/// What a WHEP answer needs from a browser's offer; everything else (extmap,
/// ssrc, candidates, simulcast) is read past.
struct SdpOffer {
    std::vector<std::string> bundleMids;  ///< a=group:BUNDLE, empty if none
    std::vector<SdpMedia> media;
};

}  // namespace sockstream::webrtc
