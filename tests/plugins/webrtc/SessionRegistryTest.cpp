// The WHEP session registry: caps per server and per client address, the
// connect timeout for sessions that never finish ICE/DTLS, and the idle
// timeout for viewers that stop sending consent checks and RTCP.
#include <gtest/gtest.h>

#include "SessionRegistry.h"

using namespace sockstream::webrtc;
using namespace std::chrono_literals;

namespace {

SessionRegistry::Limits limits() {
    SessionRegistry::Limits limits;
    limits.maxSessions = 3;
    limits.maxSessionsPerAddress = 2;
    limits.connectTimeout = 10s;
    limits.idleTimeout = 30s;
    return limits;
}

const SessionRegistry::Clock::time_point t0{std::chrono::hours(1)};

SessionRegistry::Entry entry(std::string id, std::string address, std::string room = "room1") {
    SessionRegistry::Entry entry;
    entry.id = std::move(id);
    entry.roomId = std::move(room);
    entry.clientAddress = std::move(address);
    entry.createdAt = t0;
    return entry;
}

}  // namespace

TEST(SessionRegistry, CapsSessionsPerAddressAndInAll) {
    SessionRegistry registry(limits());
    EXPECT_FALSE(registry.add(entry("a", "10.0.0.1")));
    EXPECT_FALSE(registry.add(entry("b", "10.0.0.1")));
    EXPECT_EQ(registry.add(entry("c", "10.0.0.1")), SessionRegistry::Refusal::TooManyFromAddress);
    EXPECT_FALSE(registry.add(entry("d", "10.0.0.2")));
    EXPECT_EQ(registry.add(entry("e", "10.0.0.3")), SessionRegistry::Refusal::Full);
    EXPECT_EQ(registry.size(), 3u);
    EXPECT_EQ(registry.countFromAddress("10.0.0.3"), 0u) << "a refused session leaves no count behind";

    ASSERT_TRUE(registry.remove("a"));
    EXPECT_FALSE(registry.remove("a")) << "removing twice finds nothing";
    EXPECT_EQ(registry.countFromAddress("10.0.0.1"), 1u);
    EXPECT_FALSE(registry.add(entry("c", "10.0.0.1"))) << "leaving frees the address's place";
}

TEST(SessionRegistry, ASessionThatNeverConnectsExpiresAfterTheConnectTimeout) {
    SessionRegistry registry(limits());
    registry.add(entry("slow", "10.0.0.1"));
    registry.add(entry("fast", "10.0.0.1"));
    registry.markConnected("fast", t0 + 2s);
    registry.markHeard("slow", t0 + 5s);  // STUN alone does not make a session connected
    EXPECT_TRUE(registry.sweep(t0 + 9s).empty());
    const auto expired = registry.sweep(t0 + 10s);
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0].entry.id, "slow");
    EXPECT_NE(expired[0].why.find("did not complete"), std::string::npos) << expired[0].why;
    EXPECT_EQ(registry.size(), 1u);
    EXPECT_EQ(registry.countFromAddress("10.0.0.1"), 1u);
}

TEST(SessionRegistry, AViewerThatFallsSilentExpiresAfterTheIdleTimeout) {
    SessionRegistry registry(limits());
    registry.add(entry("v", "10.0.0.1"));
    registry.markConnected("v", t0 + 1s);
    registry.markHeard("v", t0 + 20s);
    EXPECT_TRUE(registry.sweep(t0 + 49s).empty()) << "heard 29 s ago: still there";
    const auto expired = registry.sweep(t0 + 50s);
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_NE(expired[0].why.find("idle timeout"), std::string::npos) << expired[0].why;
    EXPECT_EQ(registry.size(), 0u);
    EXPECT_EQ(registry.countFromAddress("10.0.0.1"), 0u);
}

TEST(SessionRegistry, SessionsBelongToTheirRoom) {
    SessionRegistry registry(limits());
    registry.add(entry("a", "10.0.0.1", "room1"));
    registry.add(entry("b", "10.0.0.2", "room2"));
    registry.add(entry("c", "10.0.0.3", "room1"));
    EXPECT_TRUE(registry.findInRoom("a", "room1"));
    EXPECT_FALSE(registry.findInRoom("a", "room2")) << "a session is not reachable under another room's URL";
    EXPECT_FALSE(registry.findInRoom("zz", "room1"));
    const auto ended = registry.removeRoom("room1");
    EXPECT_EQ(ended.size(), 2u);
    EXPECT_EQ(registry.size(), 1u);
    EXPECT_EQ(registry.countFromAddress("10.0.0.1"), 0u);
    EXPECT_EQ(registry.removeAll().size(), 1u);
    EXPECT_EQ(registry.size(), 0u);
}
