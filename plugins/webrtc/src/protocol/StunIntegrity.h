#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace sockstream::webrtc {

/// HMAC-SHA1 over the bytes STUN's MESSAGE-INTEGRITY covers. Shared by the
/// parser (to verify) and the writer (to sign) so both agree byte for byte.
std::array<std::uint8_t, 20> stunHmacSha1(std::string_view key, std::string_view bytes);

/// Constant-time comparison so the check leaks nothing about the expected value.
bool equalInConstantTime(std::string_view a, std::string_view b);

}  // namespace sockstream::webrtc
