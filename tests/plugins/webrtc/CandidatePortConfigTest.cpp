// The webrtc plugin's "candidatePort": the port the answer's host candidate
// names when browsers reach the UDP port under another number (NAT port forwarding).
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "WebRtcConfig.h"

namespace sockstream::webrtc {
namespace {

WebRtcConfig parse(const std::string& json) {
    return WebRtcConfig::fromJson(*Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>());
}

TEST(CandidatePortConfig, AbsentMeansTheBoundPort) {
    EXPECT_EQ(parse(R"({"udpPort": 40000})").candidatePort, 0);
}

TEST(CandidatePortConfig, AForwardedPortIsKept) {
    const auto config = parse(R"({"udpPort": 40000, "candidatePort": 3478})");
    EXPECT_EQ(config.udpPort, 40000);
    EXPECT_EQ(config.candidatePort, 3478);
}

TEST(CandidatePortConfig, OutOfRangeOrNotANumberIsRefusedNamingTheKey) {
    for (const char* bad : {R"({"candidatePort": 0})", R"({"candidatePort": 65536})", R"({"candidatePort": -1})",
                            R"({"candidatePort": "3478"})"}) {
        try {
            parse(bad);
            ADD_FAILURE() << bad << " was accepted";
        } catch (const std::exception& error) {
            EXPECT_NE(std::string(error.what()).find("candidatePort"), std::string::npos) << error.what();
        }
    }
}

}  // namespace
}  // namespace sockstream::webrtc
