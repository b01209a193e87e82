#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <openssl/evp.h>

#include "SrtpProfile.h"

namespace sockstream::webrtc {

/// The sending half of SRTP for RTP packets, profile SRTP_AEAD_AES_128_GCM
/// (RFC 7714: AES-128-GCM, the RTP header as associated data, a 128-bit tag)
/// or SRTP_AES128_CM_SHA1_80 (RFC 3711: AES-128 counter mode, HMAC-SHA1 with
/// an 80-bit tag), on OpenSSL's EVP (AES-NI, carry-less multiply, SHA extensions). Why not libsrtp2 here: Debian's
/// libsrtp2 is built against NSS, whose PKCS#11 layer makes a new cipher
/// context for every packet; on the WHEP egress path, where every packet is
/// protected once per viewer, that was ~45 % of the server's CPU. Its output
/// is byte-for-byte libsrtp2's (tests/plugins/webrtc/SrtpRtpSenderTest.cpp
/// checks that and that libsrtp2 unprotects it); RTCP and everything inbound
/// stay on libsrtp2. Session keys come from the master key and salt with the
/// RFC 3711 section 4.3 key derivation (key derivation rate 0). The rollover
/// counter of each SSRC follows RFC 3711 section 3.3.1, so a retransmission
/// of an older sequence number is protected under its own index, as libsrtp2
/// does with allow_repeat_tx. Not thread-safe.
class SrtpRtpSender {
public:
    /// `keyAndSalt`: the profile's master key then master salt (16 + 12 bytes
    /// for GCM, 16 + 14 for CM). Throws WebRtcError otherwise.
    SrtpRtpSender(SrtpProfile profile, std::string_view keyAndSalt);
    ~SrtpRtpSender();
    SrtpRtpSender(const SrtpRtpSender&) = delete;
    SrtpRtpSender& operator=(const SrtpRtpSender&) = delete;

    /// Protects the RTP packet of `length` bytes at `packet` in place and
    /// appends the tag (tagLength() bytes); `capacity` must leave room for it. Returns the new
    /// length, or 0 (the packet is not to be sent) for a packet that is not
    /// RTP version 2 with a complete header, or one older than the repeat
    /// window (1,024 packets behind the newest of its SSRC).
    std::size_t protect(char* packet, std::size_t length, std::size_t capacity);

    std::size_t tagLength() const { return _tagLength; }

private:
    struct SsrcState {
        std::uint32_t ssrc = 0;
        std::uint64_t highest = 0;  ///< the highest packet index sent so far (rollover counter << 16 | sequence)
    };

    /// The packet index (48 bits) of `sequence`, or UINT64_MAX when it is too old to send again.
    std::uint64_t indexFor(std::uint32_t ssrc, std::uint16_t sequence);

    /// Encrypts the payload at `payload` in place and writes the tag after it
    /// (at `payload + payloadLength`); false when OpenSSL fails.
    bool sealGcm(unsigned char* packet, std::size_t header, std::size_t payloadLength, std::uint32_t ssrc,
                 std::uint64_t index);
    bool sealCm(unsigned char* packet, std::size_t header, std::size_t payloadLength, std::uint32_t ssrc,
                std::uint64_t index);

    const SrtpProfile _profile;
    const std::size_t _tagLength;
    unsigned char _salt[14] = {};       ///< the session salt (12 bytes used for GCM)
    EVP_CIPHER_CTX* _cipher = nullptr;  ///< AES-128-GCM or AES-128-CTR under the session encryption key
    EVP_MAC* _mac = nullptr;            ///< CM only
    EVP_MAC_CTX* _hmac = nullptr;       ///< HMAC-SHA1 under the session authentication key (CM only)
    /// A viewer has one SSRC per track: a short list beats a hash map (it was
    /// 4 % of the server's CPU at 200 viewers).
    std::vector<SsrcState> _ssrcs;
};

}  // namespace sockstream::webrtc
