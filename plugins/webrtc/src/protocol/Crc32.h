#pragma once

#include <cstdint>
#include <string_view>

namespace sockstream::webrtc {

/// CRC-32 (ISO 3309 / ITU-T V.42, as zlib), which STUN's FINGERPRINT uses.
/// Written here because it is a dozen lines and OpenSSL does not offer it.
std::uint32_t crc32(std::string_view bytes);

}  // namespace sockstream::webrtc
