#include "SrtpSession.h"

#include <cstring>
#include <mutex>
#include <string>

#include <srtp2/srtp.h>

#include "LibsrtpPolicy.h"
#include "WebRtcError.h"

namespace sockstream::webrtc {

namespace {
void initialiseOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (srtp_init() != srtp_err_status_ok) throw WebRtcError("libsrtp2 failed to initialise");
    });
}

/// libsrtp grows packets by at most SRTP_MAX_TRAILER_LEN and works in place.
template <typename Operation>
bool inPlace(std::string& packet, std::size_t room, Operation operation) {
    const std::size_t original = packet.size();
    packet.resize(original + room);
    int length = static_cast<int>(original);
    const bool ok = operation(packet.data(), &length) == srtp_err_status_ok;
    packet.resize(ok ? static_cast<std::size_t>(length) : original);
    return ok;
}
}  // namespace

SrtpSession::SrtpSession(SrtpProfile profile, std::string_view keyAndSalt, Direction direction) {
    checkKeyAndSalt(profile, keyAndSalt);
    initialiseOnce();
    srtp_policy_t policy = libsrtpPolicy(profile, direction == Direction::Outbound ? ssrc_any_outbound : ssrc_any_inbound);
    unsigned char key[SRTP_MAX_KEY_LEN] = {};
    std::memcpy(key, keyAndSalt.data(), keyAndSalt.size());
    policy.key = key;
    if (srtp_create(&_session, &policy) != srtp_err_status_ok) throw WebRtcError("libsrtp2 could not create a session");
    if (direction == Direction::Outbound) _rtpSender = std::make_unique<SrtpRtpSender>(profile, keyAndSalt);
}

SrtpSession::~SrtpSession() {
    if (_session) srtp_dealloc(_session);
}

bool SrtpSession::protectRtp(std::string& packet) {
    const std::size_t original = packet.size();
    packet.resize(original + SRTP_MAX_TRAILER_LEN);
    const std::size_t protectedLength = protectRtp(packet.data(), original, packet.size());
    packet.resize(protectedLength ? protectedLength : original);
    return protectedLength != 0;
}

std::size_t SrtpSession::protectRtp(char* packet, std::size_t length, std::size_t capacity) {
    return _rtpSender ? _rtpSender->protect(packet, length, capacity) : 0;
}

bool SrtpSession::unprotectRtp(std::string& packet) {
    return inPlace(packet, 0, [this](char* data, int* length) { return srtp_unprotect(_session, data, length); });
}

bool SrtpSession::protectRtcp(std::string& packet) {
    return inPlace(packet, SRTP_MAX_TRAILER_LEN + 4 /* SRTCP index */,
                   [this](char* data, int* length) { return srtp_protect_rtcp(_session, data, length); });
}

bool SrtpSession::unprotectRtcp(std::string& packet) {
    return inPlace(packet, 0, [this](char* data, int* length) { return srtp_unprotect_rtcp(_session, data, length); });
}

}  // namespace sockstream::webrtc
