// WHEP answers: what we agree to send for Chromium's offer, and offers we cannot serve.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "CodecChoice.h"
#include "SdpAnswer.h"
#include "SdpParser.h"
#include "SdpTestOffers.h"
#include "WebRtcError.h"

using namespace sockstream::webrtc;

namespace {
AnswerParameters parameters() {
    AnswerParameters p;
    p.iceUfrag = "srvU";
    p.icePassword = "server-password-0123456789";
    p.fingerprintSha256 = "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF";
    p.candidateAddress = "127.0.0.1";
    p.candidatePort = 8189;
    p.videoSsrc = 1111;
    p.audioSsrc = 2222;
    return p;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void expectUnservable(const std::string& offer, const std::string& words) {
    try {
        writeSdpAnswer(parseSdpOffer(offer), parameters());
        ADD_FAILURE() << "answered an offer that should fail with: " << words;
    } catch (const WebRtcError& error) {
        EXPECT_TRUE(contains(error.what(), words)) << error.what();
    }
}
}  // namespace

TEST(SdpAnswer, AnswersChromiumsOfferWithH264AndOpusOverIceLite) {
    const auto answer = writeSdpAnswer(parseSdpOffer(chromiumOffer()), parameters());
    // SOCKSTREAM_PRINT_ANSWER=1 prints it, to feed to a browser's setRemoteDescription by hand.
    if (std::getenv("SOCKSTREAM_PRINT_ANSWER")) std::cout << answer.sdp;
    ASSERT_TRUE(answer.video);
    ASSERT_TRUE(answer.audio);
    EXPECT_EQ(answer.video->mid, "0");
    EXPECT_EQ(answer.video->codec.payloadType, 108);  // 42e01f, packetization-mode=1
    EXPECT_EQ(answer.video->ssrc, 1111u);
    EXPECT_EQ(answer.audio->codec.payloadType, 111);
    EXPECT_EQ(answer.remoteIceUfrag, "q1V0");
    EXPECT_EQ(answer.remoteFingerprint.substr(0, 8), "EB:93:7D");

    const std::string& sdp = answer.sdp;
    EXPECT_EQ(sdp.rfind("v=0\r\n", 0), 0u);
    EXPECT_TRUE(contains(sdp, "a=group:BUNDLE 0 1\r\n"));
    EXPECT_TRUE(contains(sdp, "a=ice-lite\r\n"));
    EXPECT_TRUE(contains(sdp, "m=video 9 UDP/TLS/RTP/SAVPF 108\r\n"));
    EXPECT_TRUE(contains(sdp, "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"));
    EXPECT_TRUE(contains(sdp, "a=setup:passive\r\n"));
    EXPECT_TRUE(contains(sdp, "a=sendonly\r\n"));
    EXPECT_TRUE(contains(sdp, "a=ice-ufrag:srvU\r\n"));
    EXPECT_TRUE(contains(sdp, "a=fingerprint:sha-256 01:23:45"));
    EXPECT_TRUE(contains(sdp, "a=rtpmap:108 H264/90000\r\n"));
    EXPECT_TRUE(contains(sdp, "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"));
    EXPECT_TRUE(contains(sdp, "a=rtcp-fb:108 nack pli\r\n"));
    EXPECT_FALSE(contains(sdp, "transport-cc"));  // not implemented, so not agreed to
    EXPECT_TRUE(contains(sdp, "a=rtpmap:111 opus/48000/2\r\n"));
    EXPECT_TRUE(contains(sdp, "a=candidate:1 1 udp 2130706431 127.0.0.1 8189 typ host\r\n"));
    EXPECT_TRUE(contains(sdp, "a=ssrc:2222 cname:sockstream\r\n"));
    EXPECT_FALSE(contains(sdp, "\n\n"));
}

TEST(SdpAnswer, PrefersTheStreamsOwnH264Profile) {
    auto p = parameters();
    p.h264ProfileIdc = 0x4d;  // Main
    const auto answer = writeSdpAnswer(parseSdpOffer(chromiumOffer()), p);
    ASSERT_TRUE(answer.video);
    EXPECT_EQ(answer.video->codec.fmtpParameter("profile-level-id"), "4d001f");
}

TEST(SdpAnswer, NeverChoosesPacketizationModeZero) {
    const auto offer = parseSdpOffer(replaced(replaced(minimalOffer(), "packetization-mode=1;profile-level-id=42001f",
                                                       "packetization-mode=0;profile-level-id=42001f"),
                                              "packetization-mode=1;profile-level-id=42e01f",
                                              "packetization-mode=0;profile-level-id=42e01f"));
    EXPECT_EQ(chooseH264(offer.media[0], std::nullopt), nullptr);
    const auto answer = writeSdpAnswer(offer, parameters());
    EXPECT_FALSE(answer.video);
    ASSERT_TRUE(answer.audio);
    EXPECT_TRUE(contains(answer.sdp, "m=video 0 UDP/TLS/RTP/SAVPF 102\r\n"));
    EXPECT_TRUE(contains(answer.sdp, "a=group:BUNDLE 1\r\n"));
}

TEST(SdpAnswer, RejectsSectionsItCannotServeAndKeepsTheirMids) {
    const auto answer = writeSdpAnswer(
        parseSdpOffer(minimalOffer() + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:2\r\n"
                                     "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijkl\r\n"),
        parameters());
    EXPECT_TRUE(contains(answer.sdp, "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\n"));
    EXPECT_TRUE(contains(answer.sdp, "a=group:BUNDLE 0 1\r\n"));
}

TEST(SdpAnswer, DoesNotSendToAPeerThatOnlySends) {
    const auto answer = writeSdpAnswer(parseSdpOffer(replaced(minimalOffer(), "a=recvonly", "a=sendonly")), parameters());
    EXPECT_FALSE(answer.video);
    EXPECT_TRUE(answer.audio);
}

TEST(SdpAnswer, RefusesOffersItCannotServe) {
    expectUnservable(replaced(replaced(replaced(minimalOffer(), "H264/90000", "VP8/90000"), "H264/90000", "VP9/90000"),
                              "opus/48000/2", "PCMU/8000"),
                     "neither H.264");
    expectUnservable(replaced(minimalOffer(), "a=rtcp-mux\r\n", ""), "lacks a=rtcp-mux");
    expectUnservable(replaced(minimalOffer(), "sha-256", "sha-1"), "not sha-256");
    expectUnservable(replaced(minimalOffer(), "a=setup:actpass", "a=setup:passive"), "a=setup:passive");
    expectUnservable(replaced(minimalOffer(), "a=group:BUNDLE 0 1", "a=group:BUNDLE 0"), "does not BUNDLE a=mid:1");
    expectUnservable(replaced(minimalOffer(), "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijkl\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:111",
                              "a=ice-ufrag:wxyz\r\na=ice-pwd:0123456789abcdefghijkl\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:111"),
                     "different ICE or DTLS credentials");
}

TEST(SdpAnswer, OffersAPassiveTcpCandidateBelowTheUdpOneWhenICETcpIsOn) {
    auto p = parameters();
    EXPECT_FALSE(contains(writeSdpAnswer(parseSdpOffer(chromiumOffer()), p).sdp, " tcp "));
    p.tcpCandidatePort = 8190;
    const auto sdp = writeSdpAnswer(parseSdpOffer(chromiumOffer()), p).sdp;
    // RFC 6544: host, passive (we only accept connections), priority below UDP's 2130706431.
    EXPECT_TRUE(contains(sdp, "a=candidate:2 1 tcp 2124414975 127.0.0.1 8190 typ host tcptype passive\r\n"));
    EXPECT_LT(sdp.find("a=candidate:1 1 udp"), sdp.find("a=candidate:2 1 tcp"));
    EXPECT_LT(sdp.find("a=candidate:2 1 tcp"), sdp.find("a=end-of-candidates"));
}
