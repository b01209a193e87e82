#include "SrtpProfile.h"

#include <string>

#include "WebRtcError.h"

namespace sockstream::webrtc {

SrtpProfileSizes sizesOf(SrtpProfile profile) {
    switch (profile) {
        case SrtpProfile::AeadAes128Gcm: return {16, 12, 16};        // RFC 7714 section 12: 96-bit salt, 128-bit tag
        case SrtpProfile::AesCm128HmacSha1_80: return {16, 14, 10};  // RFC 3711: 112-bit salt, 80-bit tag
    }
    return {16, 14, 10};
}

void checkKeyAndSalt(SrtpProfile profile, std::string_view keyAndSalt) {
    const auto sizes = sizesOf(profile);
    if (keyAndSalt.size() != sizes.masterKey + sizes.masterSalt)
        throw WebRtcError("an " + std::string(nameOf(profile)) + " key and salt is " +
                          std::to_string(sizes.masterKey + sizes.masterSalt) + " bytes");
}

std::string_view nameOf(SrtpProfile profile) {
    switch (profile) {
        case SrtpProfile::AeadAes128Gcm: return "SRTP_AEAD_AES_128_GCM";
        case SrtpProfile::AesCm128HmacSha1_80: return "SRTP_AES128_CM_SHA1_80";
    }
    return "";
}

std::optional<SrtpProfile> srtpProfileNamed(std::string_view name) {
    for (const auto profile : {SrtpProfile::AeadAes128Gcm, SrtpProfile::AesCm128HmacSha1_80})
        if (nameOf(profile) == name) return profile;
    return std::nullopt;
}

}  // namespace sockstream::webrtc
