#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sockstream/http/HttpRequest.h"

namespace sockstream::webrtc {

// What WHEP and WHIP signalling share.

/// An ICE ufrag or password: ALPHA / DIGIT (RFC 8839 section 5.4 allows "+" and "/" too).
std::string iceToken(std::size_t length);
/// A random non-zero SSRC (or o= session id).
std::uint32_t randomSsrc();
/// Whether the request's Content-Type is application/sdp (parameters ignored).
bool isSdpRequest(const HttpRequest& request);

}  // namespace sockstream::webrtc
