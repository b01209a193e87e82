#include "SrtpRtpSender.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "WebRtcError.h"

namespace sockstream::webrtc {

namespace {
constexpr std::size_t kPrfSalt = 14;  // RFC 3711's 112-bit PRF input salt
constexpr std::size_t kAuthKey = 20;
constexpr std::size_t kGcmIv = 12;
constexpr std::size_t kRtpHeader = 12;
constexpr std::uint64_t kSequenceMedian = 1u << 15;
constexpr std::int64_t kSequenceSpan = 1 << 16;
// What libsrtp2 refuses to protect again (our policy's replay window): a NACK
// for a packet this far behind the newest gets nothing, there as here.
constexpr std::int64_t kRepeatWindow = 1024;

// RFC 3711 section 4.3.3 labels.
constexpr unsigned char kLabelEncryption = 0x00;
constexpr unsigned char kLabelAuthentication = 0x01;
constexpr unsigned char kLabelSalt = 0x02;

/// AES-128 counter-mode keystream under `key` from the 16-byte `iv`, `length` bytes into `out`.
void keystream(const unsigned char* key, const unsigned char* iv, unsigned char* out, std::size_t length) {
    EVP_CIPHER_CTX* context = EVP_CIPHER_CTX_new();
    if (!context) throw WebRtcError("OpenSSL could not make an AES context");
    std::array<unsigned char, 32> zeros{};
    int written = 0;
    const bool ok = EVP_EncryptInit_ex(context, EVP_aes_128_ctr(), nullptr, key, iv) == 1 &&
                    EVP_EncryptUpdate(context, out, &written, zeros.data(), static_cast<int>(length)) == 1;
    EVP_CIPHER_CTX_free(context);
    if (!ok || static_cast<std::size_t>(written) != length) throw WebRtcError("OpenSSL AES-CTR failed in the SRTP key derivation");
}

/// RFC 3711 section 4.3.1 with a key derivation rate of 0: the PRF input is
/// the master salt XOR the label in its 8th byte, times 2^16. GCM's 96-bit
/// master salt is padded with zeros to the PRF's 112 bits (RFC 7714 section
/// 11, errata 4938), as libsrtp2 does.
void deriveKey(std::string_view masterKey, std::string_view masterSalt, unsigned char label, unsigned char* out,
               std::size_t length) {
    std::array<unsigned char, 16> iv{};
    std::memcpy(iv.data(), masterSalt.data(), std::min(masterSalt.size(), kPrfSalt));
    iv[7] ^= label;
    keystream(reinterpret_cast<const unsigned char*>(masterKey.data()), iv.data(), out, length);
}

std::uint16_t read16(const char* at) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(at[0]) << 8) | static_cast<unsigned char>(at[1]));
}

std::uint32_t read32(const char* at) {
    return (static_cast<std::uint32_t>(read16(at)) << 16) | read16(at + 2);
}
}  // namespace

SrtpRtpSender::SrtpRtpSender(SrtpProfile profile, std::string_view keyAndSalt)
    : _profile(profile), _tagLength(sizesOf(profile).rtpTag) {
    checkKeyAndSalt(profile, keyAndSalt);
    const auto sizes = sizesOf(profile);
    const auto masterKey = keyAndSalt.substr(0, sizes.masterKey);
    const auto masterSalt = keyAndSalt.substr(sizes.masterKey);
    unsigned char encryptionKey[16];
    deriveKey(masterKey, masterSalt, kLabelEncryption, encryptionKey, sizeof encryptionKey);
    deriveKey(masterKey, masterSalt, kLabelSalt, _salt, sizes.masterSalt);

    _cipher = EVP_CIPHER_CTX_new();
    bool ok = _cipher != nullptr;
    if (profile == SrtpProfile::AeadAes128Gcm) {
        ok = ok && EVP_EncryptInit_ex(_cipher, EVP_aes_128_gcm(), nullptr, nullptr, nullptr) == 1 &&
             EVP_CIPHER_CTX_ctrl(_cipher, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kGcmIv), nullptr) == 1 &&
             EVP_EncryptInit_ex(_cipher, nullptr, nullptr, encryptionKey, nullptr) == 1;
    } else {
        unsigned char authKey[kAuthKey];
        deriveKey(masterKey, masterSalt, kLabelAuthentication, authKey, sizeof authKey);
        _mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        _hmac = _mac ? EVP_MAC_CTX_new(_mac) : nullptr;
        char digest[] = "SHA1";
        const OSSL_PARAM parameters[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                         OSSL_PARAM_construct_end()};
        ok = ok && _hmac && EVP_EncryptInit_ex(_cipher, EVP_aes_128_ctr(), nullptr, encryptionKey, nullptr) == 1 &&
             EVP_MAC_init(_hmac, authKey, sizeof authKey, parameters) == 1;
        OPENSSL_cleanse(authKey, sizeof authKey);
    }
    OPENSSL_cleanse(encryptionKey, sizeof encryptionKey);
    if (!ok) {
        EVP_MAC_CTX_free(_hmac);
        EVP_MAC_free(_mac);
        EVP_CIPHER_CTX_free(_cipher);
        throw WebRtcError("OpenSSL could not set up " + std::string(nameOf(profile)));
    }
}

SrtpRtpSender::~SrtpRtpSender() {
    EVP_MAC_CTX_free(_hmac);
    EVP_MAC_free(_mac);
    EVP_CIPHER_CTX_free(_cipher);
    OPENSSL_cleanse(_salt, sizeof _salt);
}

std::uint64_t SrtpRtpSender::indexFor(std::uint32_t ssrc, std::uint16_t sequence) {
    // RFC 3711 section 3.3.1 (Appendix A), as libsrtp2 estimates it: until
    // the index passes 2^15 the rollover counter is taken to be 0.
    auto state = std::find_if(_ssrcs.begin(), _ssrcs.end(), [ssrc](const SsrcState& s) { return s.ssrc == ssrc; });
    if (state == _ssrcs.end()) state = _ssrcs.insert(_ssrcs.end(), SsrcState{ssrc, 0});
    auto& highest = state->highest;
    std::uint64_t guess = sequence;
    std::int64_t delta = static_cast<std::int64_t>(sequence) - static_cast<std::int64_t>(highest);
    if (highest > kSequenceMedian) {
        const auto rollover = static_cast<std::uint32_t>(highest >> 16);
        const auto last = static_cast<std::uint16_t>(highest);
        std::uint32_t guessRollover = rollover;
        delta = static_cast<std::int64_t>(sequence) - last;
        if (last < kSequenceMedian) {
            if (static_cast<std::int64_t>(sequence) - last > static_cast<std::int64_t>(kSequenceMedian)) {
                guessRollover = rollover - 1;
                delta -= kSequenceSpan;
            }
        } else if (static_cast<std::int64_t>(last) - static_cast<std::int64_t>(kSequenceMedian) > sequence) {
            guessRollover = rollover + 1;
            delta += kSequenceSpan;
        }
        guess = (static_cast<std::uint64_t>(guessRollover) << 16) | sequence;
    }
    if (delta > 0) highest = guess;
    else if (delta + kRepeatWindow - 1 < 0) return UINT64_MAX;
    return guess;
}

std::size_t SrtpRtpSender::protect(char* packet, std::size_t length, std::size_t capacity) {
    if (length < kRtpHeader || capacity < length + _tagLength) return 0;
    const auto first = static_cast<unsigned char>(packet[0]);
    if ((first >> 6) != 2) return 0;
    std::size_t header = kRtpHeader + 4 * (first & 0x0F);
    if (first & 0x10) {  // a header extension: 4 bytes, then its length in 32-bit words
        if (length < header + 4) return 0;
        header += 4 + 4 * static_cast<std::size_t>(read16(packet + header + 2));
    }
    if (length < header) return 0;
    const std::uint32_t ssrc = read32(packet + 8);
    const std::uint64_t index = indexFor(ssrc, read16(packet + 2));
    if (index == UINT64_MAX) return 0;
    auto* bytes = reinterpret_cast<unsigned char*>(packet);
    const bool sealed = _profile == SrtpProfile::AeadAes128Gcm ? sealGcm(bytes, header, length - header, ssrc, index)
                                                               : sealCm(bytes, header, length - header, ssrc, index);
    return sealed ? length + _tagLength : 0;
}

bool SrtpRtpSender::sealGcm(unsigned char* packet, std::size_t header, std::size_t payloadLength, std::uint32_t ssrc,
                            std::uint64_t index) {
    // RFC 7714 section 8.1: the IV is 00 00, SSRC, rollover counter, sequence
    // number (the 48-bit index), XOR the 96-bit session salt.
    unsigned char iv[kGcmIv] = {};
    for (int i = 0; i < 4; ++i) iv[2 + i] = static_cast<unsigned char>(ssrc >> (24 - 8 * i));
    for (int i = 0; i < 6; ++i) iv[6 + i] = static_cast<unsigned char>(index >> (40 - 8 * i));
    for (std::size_t i = 0; i < kGcmIv; ++i) iv[i] ^= _salt[i];
    // Section 8.2: the whole RTP header (with CSRCs and extension) is the associated data.
    int written = 0;
    int finalWritten = 0;
    unsigned char* payload = packet + header;
    return EVP_EncryptInit_ex(_cipher, nullptr, nullptr, nullptr, iv) == 1 &&
           EVP_EncryptUpdate(_cipher, nullptr, &written, packet, static_cast<int>(header)) == 1 &&
           EVP_EncryptUpdate(_cipher, payload, &written, payload, static_cast<int>(payloadLength)) == 1 &&
           EVP_EncryptFinal_ex(_cipher, payload + written, &finalWritten) == 1 &&
           EVP_CIPHER_CTX_ctrl(_cipher, EVP_CTRL_GCM_GET_TAG, static_cast<int>(_tagLength), payload + payloadLength) == 1;
}

bool SrtpRtpSender::sealCm(unsigned char* packet, std::size_t header, std::size_t payloadLength, std::uint32_t ssrc,
                           std::uint64_t index) {
    // The counter block: session salt XOR SSRC (bytes 4-7) XOR index * 2^16 (bytes 8-13).
    unsigned char iv[16] = {};
    std::memcpy(iv, _salt, kPrfSalt);
    for (int i = 0; i < 4; ++i) iv[4 + i] ^= static_cast<unsigned char>(ssrc >> (24 - 8 * i));
    for (int i = 0; i < 6; ++i) iv[8 + i] ^= static_cast<unsigned char>(index >> (40 - 8 * i));
    int written = 0;
    const std::size_t length = header + payloadLength;
    if (EVP_EncryptInit_ex(_cipher, nullptr, nullptr, nullptr, iv) != 1 ||
        EVP_EncryptUpdate(_cipher, packet + header, &written, packet + header, static_cast<int>(payloadLength)) != 1)
        return false;

    // The tag: HMAC-SHA1 over the whole encrypted packet, then the rollover counter.
    const auto rollover = static_cast<std::uint32_t>(index >> 16);
    const unsigned char rolloverBytes[4] = {static_cast<unsigned char>(rollover >> 24),
                                            static_cast<unsigned char>(rollover >> 16),
                                            static_cast<unsigned char>(rollover >> 8),
                                            static_cast<unsigned char>(rollover)};
    unsigned char tag[EVP_MAX_MD_SIZE];
    std::size_t tagLength = 0;
    // A null key starts the same HMAC again without hashing the key.
    if (EVP_MAC_init(_hmac, nullptr, 0, nullptr) != 1 || EVP_MAC_update(_hmac, packet, length) != 1 ||
        EVP_MAC_update(_hmac, rolloverBytes, sizeof rolloverBytes) != 1 ||
        EVP_MAC_final(_hmac, tag, &tagLength, sizeof tag) != 1 || tagLength < _tagLength)
        return false;
    std::memcpy(packet + length, tag, _tagLength);
    return true;
}

}  // namespace sockstream::webrtc
