// What WHIP and WHEP answer alike to a POSTed offer (SignallingAnswers): the
// refusals keep each protocol's words, the status and error codes are shared.
#include <gtest/gtest.h>

#include "SdpParser.h"
#include "SignallingAnswers.h"
#include "WebRtcError.h"

using namespace sockstream;
using namespace sockstream::webrtc;

namespace {

SignallingAnswers whep() {
    return SignallingAnswers({"WHEP", "watches", "close one (DELETE its session)", "play the room over HLS"}, 500, 10);
}

HttpRequest withContentType(std::string type) {
    HttpRequest request;
    request.method = "POST";
    request.headers.emplace_back("Content-Type", std::move(type));
    return request;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }
const std::string* header(const HttpResponse& response, std::string_view name) { return response.findHeader(name); }

}  // namespace

TEST(SignallingAnswers, TakesApplicationSdpWithParametersAndAnyCase) {
    EXPECT_FALSE(whep().refuseUnlessSdp(withContentType("application/sdp")));
    EXPECT_FALSE(whep().refuseUnlessSdp(withContentType(" Application/SDP ; charset=utf-8")));
}

TEST(SignallingAnswers, RefusesAnotherOrNoContentTypeNamingTheProtocol) {
    for (const auto& request : {withContentType("application/json"), withContentType(""), HttpRequest{}}) {
        const auto refused = whep().refuseUnlessSdp(request);
        ASSERT_TRUE(refused);
        EXPECT_EQ(refused->status, 415);
        EXPECT_TRUE(contains(refused->body(), "unsupported_media_type"));
        EXPECT_TRUE(contains(refused->body(), "a WHEP offer is an SDP document sent with Content-Type: application/sdp"));
    }
}

TEST(SignallingAnswers, AnOfferThatCannotBeParsedIsABadOfferInTheParsersWords) {
    try {
        parseSdpOffer("this is not SDP");
        FAIL() << "a malformed offer parsed";
    } catch (const WebRtcError& error) {
        const auto response = SignallingAnswers::badOffer(error);
        EXPECT_EQ(response.status, 400);
        EXPECT_TRUE(contains(response.body(), "bad_offer"));
        EXPECT_TRUE(contains(response.body(), std::string("the SDP offer cannot be used: ") + error.what()));
    }
}

TEST(SignallingAnswers, SessionCapsAreRefusedWithTheCapAndWhatToDoInstead) {
    const auto perAddress = whep().sessionRefused(SessionRegistry::Refusal::TooManyFromAddress);
    EXPECT_EQ(perAddress.status, 429);
    EXPECT_TRUE(contains(perAddress.body(), "too_many_sessions"));
    EXPECT_TRUE(contains(perAddress.body(), "this address already watches 10 WebRTC sessions, the most this server "
                                            "allows; close one (DELETE its session) first"));

    const SignallingAnswers whip({"WHIP", "has", "end one", "publish over RTMP or SRT"}, 7, 2);
    const auto full = whip.sessionRefused(SessionRegistry::Refusal::Full);
    EXPECT_EQ(full.status, 503);
    EXPECT_TRUE(contains(full.body(), "server_full"));
    EXPECT_TRUE(contains(full.body(), "its maximum of 7 WebRTC sessions; try again later or publish over RTMP or SRT"));
    EXPECT_TRUE(contains(whip.sessionRefused(SessionRegistry::Refusal::TooManyFromAddress).body(),
                         "this address already has 2 WebRTC sessions, the most this server allows; end one first"));
}

TEST(SignallingAnswers, IceThatCannotBeSetUpIsWorthARetry) {
    const auto response = SignallingAnswers::iceNotSetUp();
    EXPECT_EQ(response.status, 503);
    EXPECT_TRUE(contains(response.body(), "try_again"));
}

TEST(SignallingAnswers, CreatedCarriesTheAnswerItsLocationAndETagUncached) {
    const auto response = SignallingAnswers::created("v=0\r\n", "/whep/r1/sessions/abc", "abc");
    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(response.body(), "v=0\r\n");
    ASSERT_TRUE(header(response, "Content-Type"));
    EXPECT_EQ(*header(response, "Content-Type"), "application/sdp");
    ASSERT_TRUE(header(response, "Location"));
    EXPECT_EQ(*header(response, "Location"), "/whep/r1/sessions/abc");
    ASSERT_TRUE(header(response, "ETag"));
    EXPECT_EQ(*header(response, "ETag"), "\"abc\"");
    ASSERT_TRUE(header(response, "Cache-Control"));
    EXPECT_EQ(*header(response, "Cache-Control"), "no-store");
}
