#include "HandshakeDigest.h"

#include <random>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace sockstream::rtmp::HandshakeDigest {

namespace {

constexpr unsigned char kKeySuffix[32] = {
    0xf0, 0xee, 0xc2, 0x4a, 0x80, 0x68, 0xbe, 0xe8, 0x2e, 0x00, 0xd0, 0xd1, 0x02, 0x9e, 0x7e, 0x57,
    0x6e, 0xec, 0x5d, 0x2d, 0x29, 0x80, 0x6f, 0xab, 0x93, 0xb8, 0xe6, 0x36, 0xcf, 0xeb, 0x31, 0xae};

const std::string kClientKey = "Genuine Adobe Flash Player 001";
const std::string kServerKey = "Genuine Adobe Flash Media Server 001";
const std::string kClientFullKey = kClientKey + std::string(reinterpret_cast<const char*>(kKeySuffix), 32);
const std::string kServerFullKey = kServerKey + std::string(reinterpret_cast<const char*>(kKeySuffix), 32);

// The handshake's random bytes only need to be unpredictable enough to be
// echoed back; they protect nothing.
std::string randomBytes(std::size_t count) {
    thread_local std::mt19937 generator{std::random_device{}()};
    std::string out(count, '\0');
    for (auto& c : out) c = static_cast<char>(generator() & 0xFF);
    return out;
}

std::string makePacketWithDigest(int scheme, std::string_view key, std::string_view version) {
    std::string packet = randomBytes(kPacketSize);
    packet.replace(0, 4, std::string(4, '\0'));
    packet.replace(4, 4, version);
    std::size_t offset = digestOffset(packet, scheme);
    packet.replace(offset, kDigestSize, computeDigest(packet, offset, key));
    return packet;
}

}  // namespace

std::string_view clientKey() { return kClientKey; }
std::string_view serverKey() { return kServerKey; }
std::string_view serverFullKey() { return kServerFullKey; }

std::string hmacSha256(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length);
    return std::string(reinterpret_cast<const char*>(out), length);
}

std::size_t digestOffset(std::string_view packet, int scheme) {
    const std::size_t base = scheme == 0 ? 8 : 772;
    std::size_t sum = 0;
    for (std::size_t i = 0; i < 4; ++i) sum += static_cast<unsigned char>(packet[base + i]);
    return sum % 728 + base + 4;
}

std::string computeDigest(std::string_view packet, std::size_t offset, std::string_view key) {
    std::string message;
    message.reserve(kPacketSize - kDigestSize);
    message.append(packet.substr(0, offset));
    message.append(packet.substr(offset + kDigestSize));
    return hmacSha256(key, message);
}

std::optional<std::size_t> findClientDigest(std::string_view c1) {
    if (c1.size() != kPacketSize) return std::nullopt;
    for (int scheme : {0, 1}) {
        std::size_t offset = digestOffset(c1, scheme);
        if (computeDigest(c1, offset, kClientKey) == c1.substr(offset, kDigestSize)) return offset;
    }
    return std::nullopt;
}

std::string makeServerS1(int scheme) {
    return makePacketWithDigest(scheme, kServerKey, std::string("\x04\x05\x00\x01", 4));
}

std::string makeServerS2(std::string_view clientDigest) {
    std::string s2 = randomBytes(kPacketSize);
    std::string key = hmacSha256(kServerFullKey, clientDigest);
    std::string signature = hmacSha256(key, std::string_view(s2).substr(0, kPacketSize - kDigestSize));
    s2.replace(kPacketSize - kDigestSize, kDigestSize, signature);
    return s2;
}

std::string makeClientC1(int scheme) {
    return makePacketWithDigest(scheme, kClientKey, std::string("\x0a\x00\x2d\x02", 4));
}

bool verifyServerS2(std::string_view s2, std::string_view clientDigest) {
    if (s2.size() != kPacketSize) return false;
    std::string key = hmacSha256(kServerFullKey, clientDigest);
    return hmacSha256(key, s2.substr(0, kPacketSize - kDigestSize)) == s2.substr(kPacketSize - kDigestSize);
}

}  // namespace sockstream::rtmp::HandshakeDigest
