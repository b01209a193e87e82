#pragma once

#include <srtp2/srtp.h>

#include "SrtpProfile.h"

namespace sockstream::webrtc {

/// The libsrtp2 policy SrtpSession uses for `profile` (RTP and RTCP alike),
/// any SSRC of type `ssrcType`, without a key: a sender answering NACKs
/// protects an already-sent sequence number again (allow_repeat_tx); a
/// receiver keeps a replay window wider than the default 128 packets, as a
/// burst of video is larger than that. Shared with the test that checks
/// SrtpRtpSender against libsrtp2, so both sides use the same settings.
inline srtp_policy_t libsrtpPolicy(SrtpProfile profile, srtp_ssrc_type_t ssrcType) {
    srtp_policy_t policy{};
    if (profile == SrtpProfile::AeadAes128Gcm) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
    } else {
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
    }
    policy.ssrc.type = ssrcType;
    policy.window_size = 1024;
    policy.allow_repeat_tx = 1;
    return policy;
}

}  // namespace sockstream::webrtc
