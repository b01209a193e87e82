#pragma once

#include <optional>
#include <string_view>

namespace sockstream::webrtc {

/// Samples at 48 kHz that one Opus packet decodes to, read from its TOC byte
/// and frame count (RFC 6716 section 3.1-3.2), or nullopt when the packet
/// breaks the framing rules this needs: empty, an odd code-1 payload, a code-2
/// length past the end, a code-3 count of 0, or more than 120 ms of audio
/// (R1, R2, R3, R5 of section 3.4). The frames' contents are the decoder's business.
std::optional<int> opusPacketSamples(std::string_view packet);

}  // namespace sockstream::webrtc
