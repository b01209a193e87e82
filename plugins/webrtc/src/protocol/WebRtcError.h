#pragma once

#include <stdexcept>
#include <string>

namespace sockstream::webrtc {

/// Malformed, out-of-limits or unservable signalling input (an SDP offer).
/// The message is in words for the WHEP client and the operator's log.
class WebRtcError : public std::runtime_error {
public:
    explicit WebRtcError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace sockstream::webrtc
