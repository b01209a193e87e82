#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "SrtpRtpSender.h"

struct srtp_ctx_t_;

namespace sockstream::webrtc {

/// One direction of SRTP/SRTCP with libsrtp2, in the profile DTLS negotiated
/// (SrtpProfile: AEAD_AES_128_GCM or AES128_CM_SHA1_80). A sender protects every packet of every SSRC it
/// sends; a receiver unprotects and rejects replays and forgeries. A sender's
/// RTP goes through SrtpRtpSender (OpenSSL; the per-viewer hot path), its
/// RTCP and everything a receiver gets through libsrtp2. Not thread-safe.
class SrtpSession {
public:
    enum class Direction { Outbound, Inbound };

    /// `keyAndSalt`: the profile's master key then salt, as exported from DTLS
    /// (SrtpKeyMaterial). Throws WebRtcError for a wrong length or a libsrtp failure.
    SrtpSession(SrtpProfile profile, std::string_view keyAndSalt, Direction direction);
    ~SrtpSession();
    SrtpSession(const SrtpSession&) = delete;
    SrtpSession& operator=(const SrtpSession&) = delete;

    /// In place; false (packet unchanged or unusable) when libsrtp refuses it.
    bool protectRtp(std::string& packet);
    /// In place in a buffer of `capacity` bytes (at least length + SRTP_MAX_TRAILER_LEN):
    /// the protected length, or 0 when the packet is refused. Outbound only.
    std::size_t protectRtp(char* packet, std::size_t length, std::size_t capacity);
    bool unprotectRtp(std::string& packet);
    bool protectRtcp(std::string& packet);
    bool unprotectRtcp(std::string& packet);

private:
    srtp_ctx_t_* _session = nullptr;
    std::unique_ptr<SrtpRtpSender> _rtpSender;  ///< outbound only
};

}  // namespace sockstream::webrtc
