// The webrtc plugin's config: the ICE-TCP port key (tcpPort), the candidate port and their ranges.
#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <string>

#include "WebRtcConfig.h"

using namespace sockstream::webrtc;

namespace {
WebRtcConfig parse(const std::string& json) {
    Poco::JSON::Parser parser;
    return WebRtcConfig::fromJson(*parser.parse(json).extract<Poco::JSON::Object::Ptr>());
}

std::string refusal(const std::string& json) {
    try {
        parse(json);
    } catch (const std::exception& error) {
        return error.what();
    }
    return "";
}
}  // namespace

TEST(WebRtcConfig, IceTcpIsOnByDefaultOnAFreePortAndMinusOneTurnsItOff) {
    EXPECT_EQ(parse("{}").tcpPort, 0);
    EXPECT_EQ(parse(R"({"tcpPort": 8190})").tcpPort, 8190);
    EXPECT_EQ(parse(R"({"tcpPort": -1})").tcpPort, -1);
}

TEST(WebRtcConfig, ATcpPortOutOfRangeOrNotANumberIsRefusedNamingTheKey) {
    for (const auto* json : {R"({"tcpPort": -2})", R"({"tcpPort": 65536})", R"({"tcpPort": "8190"})"}) {
        const auto words = refusal(json);
        EXPECT_NE(words.find("tcpPort"), std::string::npos) << json << ": " << words;
    }
    EXPECT_NE(refusal(R"({"tcpPrt": 8190})").find("tcpPrt"), std::string::npos);
}

// candidatePort: the port the answer's host candidate names when browsers
// reach the UDP port under another number (NAT port forwarding).
TEST(WebRtcConfig, WithoutCandidatePortTheAnswerNamesTheBoundPort) {
    EXPECT_EQ(parse(R"({"udpPort": 40000})").candidatePort, 0);
}

TEST(WebRtcConfig, AForwardedCandidatePortIsKept) {
    const auto config = parse(R"({"udpPort": 40000, "candidatePort": 3478})");
    EXPECT_EQ(config.udpPort, 40000);
    EXPECT_EQ(config.candidatePort, 3478);
}

TEST(WebRtcConfig, ACandidatePortOutOfRangeOrNotANumberIsRefusedNamingTheKey) {
    for (const auto* json : {R"({"candidatePort": 0})", R"({"candidatePort": 65536})", R"({"candidatePort": -1})",
                             R"({"candidatePort": "3478"})"}) {
        const auto words = refusal(json);
        EXPECT_NE(words.find("candidatePort"), std::string::npos) << json << ": " << words;
    }
}

// catchUpRateMultiplier: how much faster than the stream a viewer catches up from the cached keyframe group.
TEST(WebRtcConfig, TheCatchUpRateMultiplierDefaultsToFourAndIsBounded) {
    EXPECT_DOUBLE_EQ(parse("{}").catchUpRateMultiplier, 4.0);
    EXPECT_DOUBLE_EQ(parse(R"({"catchUpRateMultiplier": 2.5})").catchUpRateMultiplier, 2.5);
    for (const auto* json : {R"({"catchUpRateMultiplier": 1})", R"({"catchUpRateMultiplier": 51})",
                             R"({"catchUpRateMultiplier": "4"})"}) {
        const auto words = refusal(json);
        EXPECT_NE(words.find("catchUpRateMultiplier"), std::string::npos) << json << ": " << words;
    }
}
