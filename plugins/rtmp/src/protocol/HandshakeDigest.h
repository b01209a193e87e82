#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sockstream::rtmp {

/// The "complex" handshake Flash Player introduced and encoders still use:
/// C1/S1 carry an HMAC-SHA256 digest at an offset derived from the packet,
/// S2/C2 prove the peer's digest was seen.
namespace HandshakeDigest {

inline constexpr std::size_t kPacketSize = 1536;
inline constexpr std::size_t kDigestSize = 32;

/// Where scheme 0 (digest block first) or 1 (key block first) puts the digest.
std::size_t digestOffset(std::string_view packet, int scheme);
/// The digest over the packet minus the digest bytes at `offset`.
std::string computeDigest(std::string_view packet, std::size_t offset, std::string_view key);
/// Offset of a valid client digest in C1 (either scheme), or nullopt.
std::optional<std::size_t> findClientDigest(std::string_view c1);
/// S1 carrying a server digest in the same scheme the client used.
std::string makeServerS1(int scheme);
/// S2 answering the client digest, as Flash Media Server does.
std::string makeServerS2(std::string_view clientDigest);
/// For tests and clients: a C1 with a valid client digest in `scheme`.
std::string makeClientC1(int scheme);
/// Checks S2 against the client's own digest (what a client does).
bool verifyServerS2(std::string_view s2, std::string_view clientDigest);

std::string hmacSha256(std::string_view key, std::string_view data);
std::string_view clientKey();      ///< "Genuine Adobe Flash Player 001"
std::string_view serverKey();      ///< "Genuine Adobe Flash Media Server 001"
std::string_view serverFullKey();  ///< serverKey() + 32 constant bytes

}  // namespace HandshakeDigest
}  // namespace sockstream::rtmp
