#pragma once

#include <cstdint>

namespace sockstream::webrtc::stun {

constexpr std::uint32_t kMagicCookie = 0x2112A442;
constexpr std::uint32_t kFingerprintXor = 0x5354554E;  // "STUN"
constexpr std::size_t kHeaderSize = 20;
constexpr std::size_t kIntegritySize = 20;  // HMAC-SHA1

// Message types (method Binding, with its classes).
constexpr std::uint16_t kBindingRequest = 0x0001;
constexpr std::uint16_t kBindingIndication = 0x0011;
constexpr std::uint16_t kBindingSuccess = 0x0101;
constexpr std::uint16_t kBindingError = 0x0111;

// Attributes (RFC 8489 section 18.3, RFC 8445 section 16.1).
constexpr std::uint16_t kMappedAddress = 0x0001;
constexpr std::uint16_t kUsername = 0x0006;
constexpr std::uint16_t kMessageIntegrity = 0x0008;
constexpr std::uint16_t kErrorCode = 0x0009;
constexpr std::uint16_t kXorMappedAddress = 0x0020;
constexpr std::uint16_t kPriority = 0x0024;
constexpr std::uint16_t kUseCandidate = 0x0025;
constexpr std::uint16_t kSoftware = 0x8022;
constexpr std::uint16_t kFingerprint = 0x8028;
constexpr std::uint16_t kIceControlled = 0x8029;
constexpr std::uint16_t kIceControlling = 0x802A;

/// RFC 7983 demultiplexing on one UDP port: the first byte of a STUN message
/// is 0..3 (the two top bits are zero and the type's high bits are small).
inline bool looksLikeStun(unsigned char firstByte) { return firstByte <= 3; }

}  // namespace sockstream::webrtc::stun
