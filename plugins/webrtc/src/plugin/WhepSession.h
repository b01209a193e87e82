#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "Datagram.h"
#include "DtlsCertificate.h"
#include "SendBatch.h"
#include "DtlsTransport.h"
#include "SrtpSession.h"
#include "sockstream/media/MediaTypes.h"

namespace sockstream::webrtc {

/// What the answer agreed with one viewer for one track: its payload type and
/// the SSRC we send it under.
struct ViewerTrack {
    std::uint8_t payloadType = 0;
    std::uint32_t ssrc = 0;
};

/// One WHEP viewer: its DTLS association, the SRTP keys derived from it and
/// where its media goes. Packets arrive packetized once for every viewer
/// (StreamFeed); here they are copied, given this viewer's payload type and
/// SSRC, and encrypted with this viewer's key. Thread-safe: the UDP loop
/// (DTLS, SRTCP) and the ingest thread (media) both call it.
///
/// A WHIP publisher's transport is one too, without tracks to send: it
/// unprotects the publisher's SRTP (unprotectRtp) and carries the receiver
/// reports and keyframe requests we send back (sendRtcp).
class WhepSession {
public:
    enum class DtlsEvent { None, Connected, Failed };

    WhepSession(std::string id, std::string roomId, const DtlsCertificate& certificate,
                std::string remoteFingerprint, std::optional<ViewerTrack> video, std::optional<ViewerTrack> audio);

    const std::string& id() const { return _id; }
    const std::string& roomId() const { return _roomId; }
    std::optional<ViewerTrack> video() const { return _video; }
    std::optional<ViewerTrack> audio() const { return _audio; }

    /// The address ICE nominated; media and DTLS go there.
    void setRemote(const TransportAddress& address);

    /// A DTLS datagram from the viewer; answers go into `out`.
    DtlsEvent receiveDtls(std::string_view datagram, const TransportAddress& from, DatagramBatch& out);
    /// Retransmits the last DTLS flight if its timer ran out; Failed once OpenSSL gives up.
    DtlsEvent onTimer(DatagramBatch& out);
    bool connected() const;
    std::string failure() const;

    /// SRTCP from the viewer, decrypted in place; false if it is not authentic.
    bool unprotectRtcp(std::string& packet);
    /// SRTP from a WHIP publisher, decrypted in place; false if it is not authentic or replayed.
    bool unprotectRtp(std::string& packet);

    /// `rtp` as packetized for every viewer (any payload type and SSRC):
    /// this viewer's copy is made in a slot of `out`, given its payload type
    /// and SSRC and encrypted there. False before DTLS is connected, or
    /// without this kind of track. An older packet sent again (`live` false:
    /// a catch-up from the cached keyframe group) is counted but does not move
    /// the clock the sender reports map to now.
    bool sendRtp(std::string_view rtp, MediaKind kind, SendBatch& out, bool live = true);
    /// Our own RTCP (sender reports), encrypted.
    bool sendRtcp(std::string rtcp, DatagramBatch& out);
    /// A sender report (with an SDES CNAME) for each track that has sent
    /// something, mapping `now` onto its RTP clock, encrypted into `out`.
    void sendReports(std::chrono::system_clock::time_point now, DatagramBatch& out);

    /// What a viewer may ask for, bounded so that its RTCP cannot make us send
    /// without limit: a keyframe group at most once a second, and at most
    /// kRetransmissionsPerSecond NACKed packets a second. Returns how many of
    /// `wanted` retransmissions may go now.
    bool mayResendKeyframe(std::chrono::steady_clock::time_point now);
    std::size_t retransmissionsAllowed(std::chrono::steady_clock::time_point now, std::size_t wanted);
    static constexpr std::size_t kRetransmissionsPerSecond = 500;

private:
    struct SendStats {
        bool any = false;
        std::uint32_t packets = 0;
        std::uint32_t octets = 0;  ///< payload octets (RFC 3550 6.4.1)
        std::uint32_t lastTimestamp = 0;
        std::chrono::system_clock::time_point lastSentAt{};
    };

    DatagramBatch& emit(DatagramBatch& out, std::string bytes);  ///< _mutex held, _remote set

    const std::string _id;
    const std::string _roomId;
    const std::optional<ViewerTrack> _video;
    const std::optional<ViewerTrack> _audio;
    mutable std::mutex _mutex;
    DtlsTransport _dtls;
    std::unique_ptr<SrtpSession> _outbound;
    std::unique_ptr<SrtpSession> _inbound;
    std::optional<TransportAddress> _remote;
    SendStats _videoStats;
    SendStats _audioStats;
    std::chrono::steady_clock::time_point _lastKeyframeResend{};
    std::chrono::steady_clock::time_point _retransmissionWindow{};
    std::size_t _retransmissionsInWindow = 0;
};

}  // namespace sockstream::webrtc
