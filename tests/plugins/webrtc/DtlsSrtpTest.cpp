// DTLS-SRTP between two in-process endpoints: our server and an OpenSSL
// client, carried over memory; then SRTP with the exported keys.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "DtlsCertificate.h"
#include "DtlsTransport.h"
#include "SrtpSession.h"
#include "RtpHeader.h"
#include "WebRtcError.h"

using namespace sockstream::webrtc;

namespace {
/// Carries datagrams both ways until neither side has anything to say; bounded.
void pump(DtlsTransport& client, DtlsTransport& server) {
    for (int round = 0; round < 50; ++round) {
        auto toServer = client.takeOutgoing();
        auto toClient = server.takeOutgoing();
        if (toServer.empty() && toClient.empty()) return;
        for (const auto& datagram : toServer) {
            EXPECT_LE(datagram.size(), 1200u);
            server.receive(datagram);
        }
        for (const auto& datagram : toClient) {
            EXPECT_LE(datagram.size(), 1200u);
            client.receive(datagram);
        }
    }
    ADD_FAILURE() << "the DTLS exchange did not settle in 50 rounds";
}

std::string rtpPacket(std::uint16_t sequence) {
    std::string packet;
    appendRtpHeader(packet, true, 108, sequence, 90000, 0x11223344);
    packet += std::string(200, '\x5a');
    return packet;
}

struct Pair {
    DtlsCertificate serverCertificate = DtlsCertificate::generate();
    DtlsCertificate clientCertificate = DtlsCertificate::generate();
};
}  // namespace

TEST(DtlsCertificate, IsAFreshEcdsaCertificateWithAnSdpFingerprint) {
    const auto one = DtlsCertificate::generate();
    const auto two = DtlsCertificate::generate();
    EXPECT_EQ(one.fingerprint().size(), 32u * 3 - 1);
    EXPECT_NE(one.fingerprint(), two.fingerprint());
    EXPECT_EQ(EVP_PKEY_get_base_id(one.key()), EVP_PKEY_EC);
    EXPECT_EQ(sha256Fingerprint(one.certificate()), one.fingerprint());
}

TEST(DtlsSrtp, HandshakeAgreesOnSrtpAndBothSidesExportTheSameKeys) {
    Pair pair;
    DtlsTransport server(DtlsTransport::Role::Server, pair.serverCertificate, pair.clientCertificate.fingerprint());
    DtlsTransport client(DtlsTransport::Role::Client, pair.clientCertificate, pair.serverCertificate.fingerprint());
    server.start();
    client.start();
    pump(client, server);
    ASSERT_EQ(server.state(), DtlsTransport::State::Connected) << server.failure();
    ASSERT_EQ(client.state(), DtlsTransport::State::Connected) << client.failure();
    // Both offer GCM first (as Chromium does): it is what they agree on.
    EXPECT_EQ(server.srtpProfile(), "SRTP_AEAD_AES_128_GCM");
    const auto serverKeys = server.exportSrtpKeys();
    const auto clientKeys = client.exportSrtpKeys();
    EXPECT_EQ(serverKeys.profile, SrtpProfile::AeadAes128Gcm);
    EXPECT_EQ(clientKeys.profile, SrtpProfile::AeadAes128Gcm);
    EXPECT_EQ(serverKeys.serverKeyAndSalt, clientKeys.serverKeyAndSalt);
    EXPECT_EQ(serverKeys.clientKeyAndSalt, clientKeys.clientKeyAndSalt);
    EXPECT_EQ(serverKeys.serverKeyAndSalt.size(), 28u);  // 128-bit key, 96-bit salt
    EXPECT_NE(serverKeys.serverKeyAndSalt, serverKeys.clientKeyAndSalt);

    // Our server protects with its write key; the browser side unprotects with the same.
    SrtpSession sender(serverKeys.profile, serverKeys.serverKeyAndSalt, SrtpSession::Direction::Outbound);
    SrtpSession receiver(clientKeys.profile, clientKeys.serverKeyAndSalt, SrtpSession::Direction::Inbound);
    const std::string original = rtpPacket(1);
    std::string packet = original;
    ASSERT_TRUE(sender.protectRtp(packet));
    EXPECT_EQ(packet.size(), original.size() + 16);  // 128-bit GCM tag
    EXPECT_NE(packet.substr(12, 200), original.substr(12, 200));  // payload encrypted
    std::string received = packet;
    ASSERT_TRUE(receiver.unprotectRtp(received));
    EXPECT_EQ(received, original);

    // A replay and a forgery are refused.
    std::string replay = packet;
    EXPECT_FALSE(receiver.unprotectRtp(replay));
    std::string forged = rtpPacket(2);
    ASSERT_TRUE(sender.protectRtp(forged));
    forged[40] ^= 1;
    EXPECT_FALSE(receiver.unprotectRtp(forged));
}

TEST(DtlsSrtp, APeerThatOffersOnlyAesCmGetsAesCm) {
    Pair pair;
    DtlsTransport server(DtlsTransport::Role::Server, pair.serverCertificate, pair.clientCertificate.fingerprint());
    DtlsTransport client(DtlsTransport::Role::Client, pair.clientCertificate, pair.serverCertificate.fingerprint(),
                         {SrtpProfile::AesCm128HmacSha1_80});
    server.start();
    client.start();
    pump(client, server);
    ASSERT_EQ(server.state(), DtlsTransport::State::Connected) << server.failure();
    EXPECT_EQ(server.srtpProfile(), "SRTP_AES128_CM_SHA1_80");
    const auto serverKeys = server.exportSrtpKeys();
    const auto clientKeys = client.exportSrtpKeys();
    EXPECT_EQ(serverKeys.profile, SrtpProfile::AesCm128HmacSha1_80);
    EXPECT_EQ(serverKeys.serverKeyAndSalt.size(), 30u);  // 128-bit key, 112-bit salt
    SrtpSession sender(serverKeys.profile, serverKeys.serverKeyAndSalt, SrtpSession::Direction::Outbound);
    SrtpSession receiver(clientKeys.profile, clientKeys.serverKeyAndSalt, SrtpSession::Direction::Inbound);
    const std::string original = rtpPacket(1);
    std::string packet = original;
    ASSERT_TRUE(sender.protectRtp(packet));
    EXPECT_EQ(packet.size(), original.size() + 10);  // 80-bit HMAC-SHA1 tag
    ASSERT_TRUE(receiver.unprotectRtp(packet));
    EXPECT_EQ(packet, original);
}

TEST(DtlsSrtp, NoCommonSrtpProfileFailsTheHandshakeInWords) {
    Pair pair;
    DtlsTransport server(DtlsTransport::Role::Server, pair.serverCertificate, pair.clientCertificate.fingerprint(),
                         {SrtpProfile::AeadAes128Gcm});
    DtlsTransport client(DtlsTransport::Role::Client, pair.clientCertificate, pair.serverCertificate.fingerprint(),
                         {SrtpProfile::AesCm128HmacSha1_80});
    server.start();
    client.start();
    pump(client, server);
    EXPECT_NE(server.state(), DtlsTransport::State::Connected);
    EXPECT_NE(client.state(), DtlsTransport::State::Connected);
    if (client.state() == DtlsTransport::State::Failed) EXPECT_FALSE(client.failure().empty());
    EXPECT_THROW(DtlsTransport(DtlsTransport::Role::Server, pair.serverCertificate, "", {}), WebRtcError);
}

TEST(DtlsSrtp, TheServerRefusesACertificateThatDoesNotMatchTheSdpFingerprint) {
    Pair pair;
    const auto stranger = DtlsCertificate::generate();
    DtlsTransport server(DtlsTransport::Role::Server, pair.serverCertificate, stranger.fingerprint());
    DtlsTransport client(DtlsTransport::Role::Client, pair.clientCertificate, pair.serverCertificate.fingerprint());
    server.start();
    client.start();
    pump(client, server);
    EXPECT_EQ(server.state(), DtlsTransport::State::Failed);
    EXPECT_NE(server.failure().find("does not match the fingerprint"), std::string::npos) << server.failure();
    // Refused during the handshake, so the client never sees our Finished.
    EXPECT_NE(client.state(), DtlsTransport::State::Connected);
    EXPECT_THROW(server.exportSrtpKeys(), WebRtcError);
}

TEST(DtlsSrtp, GarbageDatagramsNeitherConnectNorStopARealClient) {
    Pair pair;
    DtlsTransport server(DtlsTransport::Role::Server, pair.serverCertificate, pair.clientCertificate.fingerprint());
    server.start();
    server.receive(std::string(100, '\x16'));
    server.receive(std::string("\x16\xfe\xfd\x00\x00", 5));
    EXPECT_NE(server.state(), DtlsTransport::State::Connected);
    EXPECT_TRUE(server.takeOutgoing().empty());  // no ServerHello for junk
    // A real client can still complete the handshake afterwards... unless the
    // junk failed the association, which must then say why.
    DtlsTransport client(DtlsTransport::Role::Client, pair.clientCertificate, pair.serverCertificate.fingerprint());
    client.start();
    pump(client, server);
    if (server.state() == DtlsTransport::State::Failed) EXPECT_FALSE(server.failure().empty());
    else EXPECT_EQ(server.state(), DtlsTransport::State::Connected);
}

TEST(SrtpSession, RefusesKeysOfTheWrongLengthAndRoundTripsRtcpInEitherProfile) {
  for (const auto profile : {SrtpProfile::AeadAes128Gcm, SrtpProfile::AesCm128HmacSha1_80}) {
    SCOPED_TRACE(std::string(nameOf(profile)));
    EXPECT_THROW(SrtpSession(profile, std::string(16, 'k'), SrtpSession::Direction::Outbound), WebRtcError);
    EXPECT_THROW(SrtpSession(profile, std::string(29, 'k'), SrtpSession::Direction::Outbound), WebRtcError);
    const std::string key(sizesOf(profile).masterKey + sizesOf(profile).masterSalt, '\x42');
    SrtpSession sender(profile, key, SrtpSession::Direction::Outbound);
    SrtpSession receiver(profile, key, SrtpSession::Direction::Inbound);
    // A minimal RTCP sender report header (PT 200) with the sender SSRC.
    std::string rtcp("\x80\xc8\x00\x06\x11\x22\x33\x44", 8);
    rtcp += std::string(20, '\x01');
    const std::string original = rtcp;
    ASSERT_TRUE(sender.protectRtcp(rtcp));
    EXPECT_GT(rtcp.size(), original.size());
    ASSERT_TRUE(receiver.unprotectRtcp(rtcp));
    EXPECT_EQ(rtcp, original);
  }
}

TEST(DtlsSrtp, ALostServerFlightIsSentAgainWhenItsTimerRunsOut) {
    Pair pair;
    DtlsTransport server(DtlsTransport::Role::Server, pair.serverCertificate, pair.clientCertificate.fingerprint());
    DtlsTransport client(DtlsTransport::Role::Client, pair.clientCertificate, pair.serverCertificate.fingerprint());
    server.start();
    EXPECT_FALSE(server.timeUntilRetransmit()) << "no timer before the ClientHello";
    client.start();
    for (const auto& datagram : client.takeOutgoing()) server.receive(datagram);
    ASSERT_FALSE(server.takeOutgoing().empty()) << "the server answered";  // ...and the network lost it
    const auto left = server.timeUntilRetransmit();
    ASSERT_TRUE(left);
    EXPECT_LE(left->count(), 1000) << "RFC 6347: the first timer is one second";
    server.handleTimeout();
    EXPECT_TRUE(server.takeOutgoing().empty()) << "nothing is resent before the timer runs out";
    std::this_thread::sleep_for(*left + std::chrono::milliseconds(50));
    EXPECT_LE(server.timeUntilRetransmit()->count(), 0);
    server.handleTimeout();
    const auto again = server.takeOutgoing();
    ASSERT_FALSE(again.empty()) << "the flight went out again";
    for (const auto& datagram : again) client.receive(datagram);
    pump(client, server);
    EXPECT_EQ(server.state(), DtlsTransport::State::Connected);
    EXPECT_EQ(client.state(), DtlsTransport::State::Connected);
    EXPECT_FALSE(server.timeUntilRetransmit()) << "no timer once connected";
}
