#pragma once

#include <string>
#include <string_view>

struct srtp_ctx_t_;

namespace sockstream::webrtc {

/// One direction of SRTP/SRTCP with libsrtp2, profile SRTP_AES128_CM_SHA1_80
/// (the one our DTLS offers). A sender protects every packet of every SSRC it
/// sends; a receiver unprotects and rejects replays and forgeries. Not thread-safe.
class SrtpSession {
public:
    enum class Direction { Outbound, Inbound };

    /// `keyAndSalt`: 16-byte master key then 14-byte salt, as exported from DTLS.
    /// Throws WebRtcError for a wrong length or a libsrtp failure.
    SrtpSession(std::string_view keyAndSalt, Direction direction);
    ~SrtpSession();
    SrtpSession(const SrtpSession&) = delete;
    SrtpSession& operator=(const SrtpSession&) = delete;

    /// In place; false (packet unchanged or unusable) when libsrtp refuses it.
    bool protectRtp(std::string& packet);
    bool unprotectRtp(std::string& packet);
    bool protectRtcp(std::string& packet);
    bool unprotectRtcp(std::string& packet);

private:
    srtp_ctx_t_* _session = nullptr;
};

}  // namespace sockstream::webrtc
