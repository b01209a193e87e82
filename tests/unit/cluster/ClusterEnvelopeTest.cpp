#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cluster/ClusterEnvelope.h"

namespace sockstream::core {
namespace {

using ::testing::HasSubstr;

/// The error decoding `wire` gives ("" when it decodes).
std::string errorFor(std::string_view wire) {
    std::string error;
    if (ClusterEnvelope::decode(wire, error)) return "";
    EXPECT_FALSE(error.empty()) << "refused without a reason";
    return error.empty() ? "(no reason)" : error;
}

TEST(ClusterEnvelope, WireForm) {
    ClusterEnvelope envelope{"edge-1", "chat.room", R"({"to":"r1"})"};
    EXPECT_EQ(envelope.encode(), "SSC1 edge-1\nchat.room\n{\"to\":\"r1\"}");
}

TEST(ClusterEnvelope, RoundTripKeepsNewlinesAndBinaryPayloads) {
    std::string payload = "line one\nline two\r\n\n";
    payload += std::string("\0\x01\x7f\x80\xff", 5);
    payload += "SSC1 fake\nheader\n";
    ClusterEnvelope envelope{"edge-1", "chat.room", payload};
    std::string error;
    auto decoded = ClusterEnvelope::decode(envelope.encode(), error);
    ASSERT_TRUE(decoded) << error;
    EXPECT_EQ(decoded->serverId, "edge-1");
    EXPECT_EQ(decoded->channel, "chat.room");
    EXPECT_EQ(decoded->payload, payload);
}

TEST(ClusterEnvelope, EmptyPayloadIsAllowed) {
    std::string error;
    auto decoded = ClusterEnvelope::decode("SSC1 a\nb\n", error);
    ASSERT_TRUE(decoded) << error;
    EXPECT_EQ(decoded->payload, "");
}

TEST(ClusterEnvelope, LargestEnvelopeRoundTrips) {
    ClusterEnvelope envelope{std::string(ClusterEnvelope::kMaxServerId, 's'), std::string(ClusterEnvelope::kMaxChannel, 'c'),
                             std::string(ClusterEnvelope::kMaxPayload, 'p')};
    std::string error;
    auto decoded = ClusterEnvelope::decode(envelope.encode(), error);
    ASSERT_TRUE(decoded) << error;
    EXPECT_EQ(decoded->serverId, envelope.serverId);
    EXPECT_EQ(decoded->channel, envelope.channel);
    EXPECT_EQ(decoded->payload.size(), ClusterEnvelope::kMaxPayload);
}

TEST(ClusterEnvelope, RefusesAMissingOrWrongMagic) {
    for (std::string_view wire : {"", "SSC1", "SSC1a\nb\nc", "SSC2 a\nb\nc", "ssc1 a\nb\nc", " SSC1 a\nb\nc",
                                  "a\nb\nc", "{\"to\":\"r1\"}"})
        EXPECT_THAT(errorFor(wire), HasSubstr("not a SockStream")) << wire;
}

TEST(ClusterEnvelope, RefusesMissingLines) {
    EXPECT_THAT(errorFor("SSC1 "), HasSubstr("channel line"));
    EXPECT_THAT(errorFor("SSC1 edge-1"), HasSubstr("channel line"));
    EXPECT_THAT(errorFor("SSC1 edge-1\nchat.room"), HasSubstr("payload line"));
    EXPECT_THAT(errorFor("SSC1 edge-1\n"), HasSubstr("payload line"));
}

TEST(ClusterEnvelope, RefusesEmptyOrSpacedServerIds) {
    for (std::string_view wire : {"SSC1 \nchat\np", "SSC1 edge 1\nchat\np", "SSC1  edge\nchat\np", "SSC1 edge\t1\nchat\np",
                                  "SSC1 edge-1\r\nchat\np", "SSC1 \x7f\nchat\np", "SSC1 \xc3\xa9\nchat\np"})
        EXPECT_THAT(errorFor(wire), HasSubstr("server id")) << wire;
    EXPECT_THAT(errorFor(std::string_view("SSC1 a\0b\nchat\np", 15)), HasSubstr("server id"));
}

TEST(ClusterEnvelope, RefusesEmptyOrSpacedChannels) {
    for (std::string_view wire : {"SSC1 edge\n\np", "SSC1 edge\nchat room\np", "SSC1 edge\n chat\np", "SSC1 edge\nchat\r\np"})
        EXPECT_THAT(errorFor(wire), HasSubstr("channel")) << wire;
}

TEST(ClusterEnvelope, RefusesOverLimitParts) {
    const std::string server(ClusterEnvelope::kMaxServerId + 1, 's');
    const std::string channel(ClusterEnvelope::kMaxChannel + 1, 'c');
    EXPECT_THAT(errorFor("SSC1 " + server + "\nchat\np"), HasSubstr("server id"));
    EXPECT_THAT(errorFor("SSC1 edge\n" + channel + "\np"), HasSubstr("channel"));
    EXPECT_THAT(errorFor("SSC1 edge\nchat\n" + std::string(ClusterEnvelope::kMaxPayload + 1, 'p')),
                HasSubstr("payload larger"));
}

TEST(ClusterEnvelope, RefusesOverLimitEnvelopesBeforeLookingInside) {
    const std::size_t limit = 5 + ClusterEnvelope::kMaxServerId + ClusterEnvelope::kMaxChannel + ClusterEnvelope::kMaxPayload + 2;
    EXPECT_THAT(errorFor(std::string(limit + 1, 'x')), HasSubstr("larger than the limit"));
    EXPECT_THAT(errorFor("SSC1 edge\nchat\n" + std::string(limit, 'p')), HasSubstr("larger than the limit"));
}

}  // namespace
}  // namespace sockstream::core
