#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "SdpAnswer.h"
#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponse.h"

namespace sockstream::webrtc {

// What WHEP and WHIP signalling share.

/// An ICE ufrag or password: ALPHA / DIGIT (RFC 8839 section 5.4 allows "+" and "/" too).
std::string iceToken(std::size_t length);
/// A random non-zero SSRC (or o= session id).
std::uint32_t randomSsrc();
/// Whether the request's Content-Type is application/sdp (parameters ignored).
bool isSdpRequest(const HttpRequest& request);

/// What every answer of ours carries: fresh ICE-lite credentials, our DTLS
/// certificate's fingerprint, the one host candidate and a session version.
AnswerParameters baseAnswerParameters(const std::string& fingerprintSha256, const std::string& candidateAddress,
                                      std::uint16_t candidatePort);

/// PATCH on a session (trickle ICE, ICE restart): 405 in words, Allow: DELETE.
HttpResponse trickleIceRefused();

}  // namespace sockstream::webrtc
