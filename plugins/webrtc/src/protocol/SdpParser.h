#pragma once

#include <string_view>

#include "SdpOffer.h"
#include "WebRtcLimits.h"

namespace sockstream::webrtc {

/// Parses an SDP offer (RFC 8866, with the JSEP attributes of RFC 8829) under
/// size and count limits. Throws WebRtcError naming the offending line.
SdpOffer parseSdpOffer(std::string_view text, const SdpLimits& limits = {});

}  // namespace sockstream::webrtc
