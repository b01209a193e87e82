#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace sockstream::webrtc {

/// The SRTP protection profiles our DTLS offers (RFC 5764 section 4.1.2), in
/// our order of preference. AEAD_AES_128_GCM (RFC 7714) comes first: one
/// AES-GCM pass (AES-NI and carry-less multiply) instead of AES-CTR plus
/// HMAC-SHA1, so less CPU for every packet protected once per viewer on the
/// WHEP egress path (docs/benchmarks.md), and Chromium and Firefox offer it.
/// A peer that offers only AES128_CM_SHA1_80 gets that.
enum class SrtpProfile { AeadAes128Gcm, AesCm128HmacSha1_80 };

struct SrtpProfileSizes {
    std::size_t masterKey;
    std::size_t masterSalt;
    std::size_t rtpTag;  ///< bytes the protected packet grows by
};

/// The most a protected RTP packet grows by, whatever the profile.
constexpr std::size_t kMaxSrtpRtpTag = 16;
/// The longest master key plus master salt of any profile (AES-CM's 16 + 14).
constexpr std::size_t kMaxSrtpKeyAndSalt = 30;

/// Key, salt and tag lengths of `profile`.
SrtpProfileSizes sizesOf(SrtpProfile profile);
/// Throws WebRtcError unless `keyAndSalt` is `profile`'s master key then master salt.
void checkKeyAndSalt(SrtpProfile profile, std::string_view keyAndSalt);
/// The IANA name, as OpenSSL spells it ("SRTP_AEAD_AES_128_GCM").
std::string_view nameOf(SrtpProfile profile);
/// The profile OpenSSL names `name`, or nullopt for one we do not speak.
std::optional<SrtpProfile> srtpProfileNamed(std::string_view name);

}  // namespace sockstream::webrtc
