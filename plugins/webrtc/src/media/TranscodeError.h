#pragma once

#include <stdexcept>
#include <string>

namespace sockstream::webrtc {

/// A transcoder that cannot start or continue (a malformed decoder
/// configuration, a codec FFmpeg lacks). The message is in words for the log.
class TranscodeError : public std::runtime_error {
public:
    explicit TranscodeError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace sockstream::webrtc
