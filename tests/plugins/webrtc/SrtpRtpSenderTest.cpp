// SrtpRtpSender (OpenSSL) must protect exactly as libsrtp2 does, in both
// profiles: every test protects the same packets with both and compares the
// bytes, and libsrtp2's receiver must accept ours.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <srtp2/srtp.h>

#include "LibsrtpPolicy.h"
#include "SrtpRtpSender.h"
#include "SrtpSession.h"
#include "WebRtcError.h"

using namespace sockstream::webrtc;

namespace {

/// libsrtp2 with SrtpSession's policy, as the plugin used it before for RTP: outbound, any SSRC.
class LibsrtpSender {
public:
    LibsrtpSender(SrtpProfile profile, const std::string& keyAndSalt) {
        // SrtpSession's constructor runs srtp_init() once for the process.
        SrtpSession initialise(profile, keyAndSalt, SrtpSession::Direction::Inbound);
        srtp_policy_t policy = libsrtpPolicy(profile, ssrc_any_outbound);
        std::string key = keyAndSalt;
        key.resize(SRTP_MAX_KEY_LEN);
        policy.key = reinterpret_cast<unsigned char*>(key.data());
        if (srtp_create(&_session, &policy) != srtp_err_status_ok) throw std::runtime_error("srtp_create");
    }
    ~LibsrtpSender() { srtp_dealloc(_session); }
    /// The protected packet, or "" when libsrtp2 refuses it.
    std::string protect(std::string packet) {
        const auto length = packet.size();
        packet.resize(length + SRTP_MAX_TRAILER_LEN);
        int protectedLength = static_cast<int>(length);
        if (srtp_protect(_session, packet.data(), &protectedLength) != srtp_err_status_ok) return {};
        packet.resize(static_cast<std::size_t>(protectedLength));
        return packet;
    }

private:
    srtp_t _session = nullptr;
};

std::string rtp(std::uint16_t sequence, std::uint32_t ssrc, std::size_t payload, unsigned csrcs = 0,
                std::size_t extensionWords = 0, std::uint8_t fill = 0) {
    std::string packet;
    packet.push_back(static_cast<char>(0x80 | (extensionWords ? 0x10 : 0) | csrcs));
    packet.push_back(static_cast<char>(96));
    packet.push_back(static_cast<char>(sequence >> 8));
    packet.push_back(static_cast<char>(sequence));
    for (int i = 0; i < 4; ++i) packet.push_back(static_cast<char>(0x10 + i + sequence));  // timestamp
    for (int i = 0; i < 4; ++i) packet.push_back(static_cast<char>(ssrc >> (24 - 8 * i)));
    for (unsigned i = 0; i < 4 * csrcs; ++i) packet.push_back(static_cast<char>(i));
    if (extensionWords) {
        packet += std::string("\xBE\xDE", 2);
        packet.push_back(static_cast<char>(extensionWords >> 8));
        packet.push_back(static_cast<char>(extensionWords));
        packet += std::string(4 * extensionWords, '\x11');
    }
    for (std::size_t i = 0; i < payload; ++i) packet.push_back(static_cast<char>(fill + i * 7));
    return packet;
}

std::string ours(SrtpRtpSender& sender, std::string packet) {
    const auto length = packet.size();
    packet.resize(length + sender.tagLength());
    const auto protectedLength = sender.protect(packet.data(), length, packet.size());
    if (!protectedLength) return {};
    packet.resize(protectedLength);
    return packet;
}

std::string keyAndSalt(SrtpProfile profile, unsigned seed) {
    std::mt19937 random(seed);
    std::string key(sizesOf(profile).masterKey + sizesOf(profile).masterSalt, '\0');
    for (auto& byte : key) byte = static_cast<char>(random());
    return key;
}

class SrtpRtpSenderTest : public testing::TestWithParam<SrtpProfile> {
protected:
    SrtpProfile profile() const { return GetParam(); }
    std::string key(unsigned seed) const { return keyAndSalt(GetParam(), seed); }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Profiles, SrtpRtpSenderTest,
                         testing::Values(SrtpProfile::AeadAes128Gcm, SrtpProfile::AesCm128HmacSha1_80),
                         [](const testing::TestParamInfo<SrtpProfile>& info) {
                             return info.param == SrtpProfile::AeadAes128Gcm ? std::string("Gcm") : std::string("Cm");
                         });

TEST_P(SrtpRtpSenderTest, ProtectsByteForByteAsLibsrtp2AcrossSizesSsrcsAndHeaderShapes) {
    const auto key = this->key(1);
    SrtpRtpSender sender(profile(), key);
    LibsrtpSender reference(profile(), key);
    SrtpSession receiver(profile(), key, SrtpSession::Direction::Inbound);
    std::uint16_t sequence = 1000;
    for (std::size_t payload : {0u, 1u, 15u, 16u, 17u, 160u, 1000u, 1188u}) {
        for (const auto& [csrcs, extension] : std::vector<std::pair<unsigned, std::size_t>>{{0, 0}, {2, 0}, {0, 3}, {1, 1}}) {
            for (std::uint32_t ssrc : {0x11223344u, 0xDEADBEEFu}) {
                const auto packet = rtp(sequence++, ssrc, payload, csrcs, extension);
                const auto expected = reference.protect(packet);
                ASSERT_FALSE(expected.empty());
                const auto actual = ours(sender, packet);
                ASSERT_EQ(actual, expected) << "payload " << payload << " csrcs " << csrcs << " extension " << extension;
                std::string received = actual;
                ASSERT_TRUE(receiver.unprotectRtp(received));
                EXPECT_EQ(received, packet);
            }
        }
    }
}

TEST_P(SrtpRtpSenderTest, FollowsTheRolloverCounterThroughWrapsAndRetransmissionsAsLibsrtp2) {
    // Starts above 2^15 (libsrtp2 keeps the rollover counter at 0 until the
    // index passes it), wraps twice, and repeats older packets (NACKs).
    const auto key = this->key(2);
    SrtpRtpSender sender(profile(), key);
    LibsrtpSender reference(profile(), key);
    std::vector<std::uint16_t> sequences;
    for (std::uint32_t s = 40000; s < 40000 + 2 * 65536 + 100; s += 97) sequences.push_back(static_cast<std::uint16_t>(s));
    std::uint16_t wrapSequence = 65530;
    for (int i = 0; i < 20; ++i) sequences.push_back(wrapSequence++);
    sequences.insert(sequences.end(), {65533, 65535, 2, 10, 5, 65534});  // retransmissions across the wrap
    for (std::size_t i = 0; i < sequences.size(); ++i) {
        const auto packet = rtp(sequences[i], 0xCAFEF00D, 200, 0, 0, static_cast<std::uint8_t>(i));
        ASSERT_EQ(ours(sender, packet), reference.protect(packet)) << "packet " << i << " sequence " << sequences[i];
    }
}

TEST_P(SrtpRtpSenderTest, ALowFirstSequenceAndAnOldRetransmissionMatchLibsrtp2) {
    const auto key = this->key(3);
    SrtpRtpSender sender(profile(), key);
    LibsrtpSender reference(profile(), key);
    std::vector<std::uint16_t> sequences{5, 6, 7, 4, 3000, 40000, 2999, 41000, 42000, 40100 /* far behind: refused */};
    for (std::size_t i = 0; i < sequences.size(); ++i) {
        const auto packet = rtp(sequences[i], 7, 50);
        EXPECT_EQ(ours(sender, packet), reference.protect(packet)) << "packet " << i << " sequence " << sequences[i];
    }
}

TEST_P(SrtpRtpSenderTest, RefusesWhatIsNotACompleteRtpPacketOrHasNoRoomForTheTag) {
    SrtpRtpSender sender(profile(), key(4));
    std::string shortPacket = rtp(1, 1, 0).substr(0, 11);
    shortPacket.resize(64);
    EXPECT_EQ(sender.protect(shortPacket.data(), 11, shortPacket.size()), 0u);
    std::string version1 = rtp(1, 1, 20);
    version1[0] = 0x40;
    const auto length = version1.size();
    version1.resize(length + 16);
    EXPECT_EQ(sender.protect(version1.data(), length, version1.size()), 0u);
    std::string full = rtp(2, 1, 20);
    EXPECT_EQ(sender.protect(full.data(), full.size(), full.size() + sender.tagLength() - 1), 0u);
    std::string extension = rtp(3, 1, 0, 0, 2);
    const auto truncated = extension.size() - 4;  // the extension says 2 words; one is there
    extension.resize(truncated + 16);
    EXPECT_EQ(sender.protect(extension.data(), truncated, extension.size()), 0u);
    std::string csrcs = rtp(4, 1, 0, 15);
    const auto cut = 12 + 4 * 10u;
    EXPECT_EQ(sender.protect(csrcs.data(), cut, csrcs.size()), 0u);
    EXPECT_THROW(SrtpRtpSender(profile(), std::string(29, 'k')), WebRtcError);
    EXPECT_THROW(SrtpRtpSender(profile(), key(4) + "k"), WebRtcError);
}

TEST_P(SrtpRtpSenderTest, SrtpSessionProtectsInPlaceInACallersBuffer) {
    const auto key = this->key(5);
    SrtpSession session(profile(), key, SrtpSession::Direction::Outbound);
    LibsrtpSender reference(profile(), key);
    const auto packet = rtp(100, 42, 300);
    char buffer[1500];
    std::memcpy(buffer, packet.data(), packet.size());
    const auto length = session.protectRtp(buffer, packet.size(), sizeof buffer);
    EXPECT_EQ(std::string(buffer, length), reference.protect(packet));
    SrtpSession inbound(profile(), key, SrtpSession::Direction::Inbound);
    char other[1500];
    EXPECT_EQ(inbound.protectRtp(other, packet.size(), sizeof other), 0u);  // a receiver does not send
}
