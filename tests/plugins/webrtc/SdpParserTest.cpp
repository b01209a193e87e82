// SDP offers: a real Chromium offer, and the malformed ones a WHEP endpoint must refuse.
#include <gtest/gtest.h>

#include "SdpParser.h"
#include "SdpTestOffers.h"
#include "WebRtcError.h"

using namespace sockstream::webrtc;

namespace {
void expectRefused(const std::string& offer, const std::string& words, const SdpLimits& limits = {}) {
    try {
        parseSdpOffer(offer, limits);
        ADD_FAILURE() << "accepted an offer that should fail with: " << words;
    } catch (const WebRtcError& error) {
        EXPECT_NE(std::string(error.what()).find(words), std::string::npos) << error.what();
    }
}
}  // namespace

TEST(SdpParser, ReadsChromiumsWhepOffer) {
    const auto offer = parseSdpOffer(chromiumOffer());
    EXPECT_EQ(offer.bundleMids, (std::vector<std::string>{"0", "1"}));
    ASSERT_EQ(offer.media.size(), 2u);
    const auto& video = offer.media[0];
    EXPECT_EQ(video.kind, "video");
    EXPECT_EQ(video.mid, "0");
    EXPECT_EQ(video.protocol, "UDP/TLS/RTP/SAVPF");
    EXPECT_EQ(video.direction, "recvonly");
    EXPECT_TRUE(video.rtcpMux);
    EXPECT_EQ(video.iceUfrag, "q1V0");
    EXPECT_EQ(video.icePassword, "/OSAaYO0OqsQhWdG3nedSqET");
    EXPECT_EQ(video.fingerprintAlgorithm, "sha-256");
    EXPECT_EQ(video.fingerprint.size(), 95u);
    EXPECT_EQ(video.setup, "actpass");
    const auto* h264 = video.codec(108);
    ASSERT_NE(h264, nullptr);
    EXPECT_EQ(h264->name, "H264");
    EXPECT_EQ(h264->clockRate, 90000);
    EXPECT_EQ(h264->fmtpParameter("packetization-mode"), "1");
    EXPECT_EQ(h264->fmtpParameter("profile-level-id"), "42e01f");
    EXPECT_TRUE(h264->hasFeedback("nack pli"));

    const auto& audio = offer.media[1];
    EXPECT_EQ(audio.kind, "audio");
    EXPECT_EQ(audio.mid, "1");
    const auto* opus = audio.codec(111);
    ASSERT_NE(opus, nullptr);
    EXPECT_EQ(opus->name, "opus");
    EXPECT_EQ(opus->clockRate, 48000);
    EXPECT_EQ(opus->channels, 2);
    EXPECT_EQ(opus->fmtpParameter("useinbandfec"), "1");
}

TEST(SdpParser, InheritsSessionLevelIceAndDtlsAttributes) {
    const auto offer = parseSdpOffer(minimalOffer());
    ASSERT_EQ(offer.media.size(), 2u);
    EXPECT_EQ(offer.media[1].fingerprintAlgorithm, "sha-256");
    EXPECT_EQ(offer.media[1].setup, "actpass");
    EXPECT_EQ(offer.media[0].codecs.size(), 2u);
}

TEST(SdpParser, AcceptsBareLineFeeds) {
    std::string offer = minimalOffer();
    std::string lf;
    for (char c : offer) if (c != '\r') lf += c;
    EXPECT_EQ(parseSdpOffer(lf).media.size(), 2u);
}

TEST(SdpParser, RefusesWhatIsNotAnSdpOffer) {
    expectRefused("", "does not start with v=0");
    expectRefused("hello\r\n", "line 1 is not of the form");
    expectRefused("v=1\r\n", "line 1 must be v=0");
    expectRefused("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n", "has no media section");
    expectRefused(replaced(minimalOffer(), "s=-\r\n", "s=-\r\n\r\n"), "line 4 is empty");
    expectRefused(replaced(minimalOffer(), "t=0 0", "T=0 0"), "line 4 is not of the form");
}

TEST(SdpParser, RefusesOffersBeyondTheLimits) {
    SdpLimits small;
    small.maxBytes = 100;
    expectRefused(minimalOffer(), "larger than 100 bytes", small);
    small = {};
    small.maxLines = 10;
    expectRefused(minimalOffer(), "more than 10 lines", small);
    small = {};
    small.maxLineLength = 64;
    expectRefused(minimalOffer(), "line 6 is longer than 64 bytes", small);
    small = {};
    small.maxMediaSections = 1;
    expectRefused(minimalOffer(), "beyond the limit of 1", small);
    small = {};
    small.maxCodecsPerMedia = 1;
    expectRefused(minimalOffer(), "more than 1 payload types", small);
}

TEST(SdpParser, RefusesMalformedMediaLines) {
    expectRefused(replaced(minimalOffer(), "m=audio 9 UDP/TLS/RTP/SAVPF 111", "m=audio 9"), "without media, port");
    expectRefused(replaced(minimalOffer(), "m=audio 9 ", "m=audio 70000 "), "port that is not a number");
    expectRefused(replaced(minimalOffer(), "SAVPF 111", "SAVPF 128"), "payload type that is not a number");
    expectRefused(replaced(minimalOffer(), "SAVPF 111", "SAVPF x"), "payload type that is not a number");
}

TEST(SdpParser, RefusesMalformedAttributes) {
    expectRefused(replaced(minimalOffer(), "a=rtpmap:111 opus/48000/2", "a=rtpmap:112 opus/48000/2"),
                  "which its m= line does not list");
    expectRefused(replaced(minimalOffer(), "opus/48000/2", "opus"), "not name/clock-rate");
    expectRefused(replaced(minimalOffer(), "opus/48000/2", "opus/0/2"), "clock rate");
    expectRefused(replaced(minimalOffer(), "opus/48000/2", "opus/48000/99"), "channel count");
    expectRefused(replaced(minimalOffer(), "a=fmtp:102 packetization-mode=1;profile-level-id=42001f", "a=fmtp:102"),
                  "a=fmtp without parameters");
    expectRefused(replaced(minimalOffer(), "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijkl\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:111",
                           "a=ice-ufrag:ab\r\na=rtpmap:111"),
                  "ice-ufrag that is not");
    expectRefused(replaced(minimalOffer(), "a=ice-pwd:0123456789abcdefghijkl\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:111",
                           "a=ice-pwd:short\r\na=rtpmap:111"),
                  "ice-pwd that is not");
    expectRefused(replaced(minimalOffer(), "sha-256 AA:BB", "sha-256 AA-BB"), "malformed a=fingerprint");
    expectRefused(replaced(minimalOffer(), "sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99",
                           "sha-256"),
                  "without a hash");
    expectRefused(replaced(minimalOffer(), "a=setup:actpass", "a=setup:maybe"), "a=setup that is not");
    expectRefused(replaced(minimalOffer(), "a=group:BUNDLE 0 1", "a=mid:0"), "outside any media section");
    expectRefused(replaced(minimalOffer(), "a=group:BUNDLE 0 1", "a=rtpmap:96 VP8/90000"), "outside any media section");
}

TEST(SdpParser, RefusesIncompleteOrInconsistentSections) {
    expectRefused(replaced(minimalOffer(), "a=mid:1\r\n", ""), "(audio) has no a=mid");
    expectRefused(replaced(minimalOffer(), "a=mid:1\r\n", "a=mid:0\r\n"), "uses a=mid:0 twice");
    expectRefused(replaced(minimalOffer(), "a=group:BUNDLE 0 1", "a=group:BUNDLE 0 7"), "names a=mid:7");
    expectRefused(replaced(minimalOffer(), "a=fingerprint:", "a=x-fingerprint:"), "has no DTLS fingerprint");
    expectRefused(replaced(minimalOffer(), "a=rtpmap:108 H264/90000\r\n", ""), "payload type 108 without an a=rtpmap");
    std::string noIce = minimalOffer();
    noIce = replaced(noIce, "a=ice-ufrag:abcd\r\n", "");
    expectRefused(noIce, "video section has no ICE ufrag");
}

TEST(SdpParser, RejectedSectionsNeedNothingMore) {
    const auto offer = parseSdpOffer(minimalOffer() +
                                     "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n");
    ASSERT_EQ(offer.media.size(), 3u);
    EXPECT_EQ(offer.media[2].port, 0);
}
