// WHIP answers: what we agree to receive from Chromium's sendonly offer.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "CodecChoice.h"
#include "SdpAnswer.h"
#include "SdpParser.h"
#include "SdpTestOffers.h"
#include "WebRtcError.h"

using namespace sockstream::webrtc;

namespace {
std::string whipOffer() {
    std::ifstream in(std::string(WEBRTC_FIXTURES_DIR) + "/chromium-156-whip-offer.sdp", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

AnswerParameters receiving() {
    AnswerParameters p;
    p.receive = true;
    p.iceUfrag = "srvU";
    p.icePassword = "server-password-0123456789";
    p.fingerprintSha256 = "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF";
    p.candidateAddress = "127.0.0.1";
    p.candidatePort = 8189;
    return p;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST(WhipAnswer, ReceivesChromiumsConstrainedBaselineH264AndOpus) {
    const auto answer = writeSdpAnswer(parseSdpOffer(whipOffer()), receiving());
    ASSERT_TRUE(answer.video);
    ASSERT_TRUE(answer.audio);
    // Chromium 156 offers VP8 first; we take H.264 mode 1, Constrained Baseline (42e01f, payload type 108).
    EXPECT_EQ(answer.video->codec.payloadType, 108);
    EXPECT_EQ(answer.video->codec.fmtpParameter("profile-level-id"), "42e01f");
    EXPECT_EQ(answer.audio->codec.payloadType, 111);
    EXPECT_TRUE(contains(answer.sdp, "a=recvonly\r\n"));
    EXPECT_FALSE(contains(answer.sdp, "a=sendonly"));
    // We send nothing: no SSRC or msid of ours.
    EXPECT_FALSE(contains(answer.sdp, "a=ssrc:"));
    EXPECT_FALSE(contains(answer.sdp, "a=msid:"));
    EXPECT_TRUE(contains(answer.sdp, "a=ice-lite"));
    EXPECT_TRUE(contains(answer.sdp, "a=setup:passive"));
    // The feedback we send the publisher: NACK, PLI and FIR; not REMB nor transport-cc, nor RTX.
    EXPECT_TRUE(contains(answer.sdp, "a=rtcp-fb:108 nack pli\r\n"));
    EXPECT_TRUE(contains(answer.sdp, "a=rtcp-fb:108 ccm fir\r\n"));
    EXPECT_FALSE(contains(answer.sdp, "goog-remb"));
    EXPECT_FALSE(contains(answer.sdp, "transport-cc"));
    EXPECT_FALSE(contains(answer.sdp, "rtx/90000"));
    EXPECT_FALSE(answer.remoteFingerprint.empty());
}

TEST(WhipAnswer, DoesNotReceiveFromAPeerThatOnlyReceives) {
    // A WHEP (recvonly) offer sends nothing to ingest.
    try {
        writeSdpAnswer(parseSdpOffer(chromiumOffer()), receiving());
        ADD_FAILURE() << "answered a recvonly offer as WHIP";
    } catch (const WebRtcError& error) {
        EXPECT_TRUE(contains(error.what(), "sends neither H.264")) << error.what();
    }
}

namespace {
/// Chromium's offer with only the video codecs `keep` says to keep (as setCodecPreferences would leave it).
SdpOffer offerWithVideoCodecs(bool (*keep)(const SdpCodec&)) {
    SdpOffer offer = parseSdpOffer(whipOffer());
    for (auto& media : offer.media) {
        if (media.kind != "video") continue;
        std::vector<SdpCodec> kept;
        for (const auto& codec : media.codecs)
            if (keep(codec)) kept.push_back(codec);
        media.codecs = kept;
    }
    return offer;
}
}  // namespace

TEST(WhipAnswer, PrefersH264OverVp8WhenBothAreOffered) {
    const auto offer = parseSdpOffer(whipOffer());
    const auto* video = chooseWhipVideo(offer.media[1]);
    ASSERT_NE(video, nullptr);
    EXPECT_EQ(video->name, "H264");
}

TEST(WhipAnswer, ReceivesVp8WhenTheOfferHasNoH264) {
    const auto offer = offerWithVideoCodecs([](const SdpCodec& codec) { return codec.name != "H264"; });
    const auto answer = writeSdpAnswer(offer, receiving());
    ASSERT_TRUE(answer.video);
    EXPECT_EQ(answer.video->codec.name, "VP8");
    EXPECT_EQ(answer.video->codec.payloadType, 96);
    EXPECT_TRUE(contains(answer.sdp, "a=rtpmap:96 VP8/90000\r\n"));
    EXPECT_TRUE(contains(answer.sdp, "a=rtcp-fb:96 nack pli\r\n"));
    EXPECT_FALSE(contains(answer.sdp, "VP9"));
}

TEST(WhipAnswer, RefusesVp9AndAv1OnlyVideo) {
    const auto offer = offerWithVideoCodecs([](const SdpCodec& codec) { return codec.name == "VP9" || codec.name == "AV1"; });
    EXPECT_EQ(chooseWhipVideo(offer.media[1]), nullptr);
    const auto answer = writeSdpAnswer(offer, receiving());
    EXPECT_FALSE(answer.video);  // the route refuses such an offer in words before answering
    EXPECT_TRUE(answer.audio);
}
