#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include <Poco/Logger.h>

#include "NetTestSupport.h"
#include "connections/AddressGroup.h"
#include "connections/AddressRanges.h"
#include "connections/PerAddressLimiter.h"

using namespace sockstream;
using namespace sockstream::core;
using namespace sockstream::test;
using boost::asio::ip::make_address;

namespace {

std::shared_ptr<PerAddressLimiter> limiter(FakeMetrics& metrics, std::size_t cap, std::vector<std::string> exempt = {},
                                           std::chrono::seconds reportInterval = std::chrono::seconds(600)) {
    return std::make_shared<PerAddressLimiter>(
        "test", PerAddressPolicy{cap, AddressRanges(exempt), "test.cap", reportInterval}, metrics,
        Poco::Logger::get("test.limiter"));
}

double refused(FakeMetrics& metrics) {
    return metrics.counterValue("connections_refused_total", {{"kind", "test"}, {"reason", "per_address"}});
}
double capReached(FakeMetrics& metrics) {
    return metrics.counterValue("connection_address_cap_reached_total", {{"kind", "test"}});
}

}  // namespace

TEST(AddressGroup, Ipv4IsItsOwnGroupAndMappedIpv4IsTheSame) {
    EXPECT_EQ(addressGroup(make_address("192.0.2.7")), "192.0.2.7");
    EXPECT_EQ(addressGroup(make_address("::ffff:192.0.2.7")), "192.0.2.7");
}

TEST(AddressGroup, Ipv6IsGroupedBySlash64) {
    EXPECT_EQ(addressGroup(make_address("2001:db8:1:2:aaaa:bbbb:cccc:dddd")), "2001:db8:1:2::/64");
    EXPECT_EQ(addressGroup(make_address("2001:db8:1:2::1")), addressGroup(make_address("2001:db8:1:2:ffff::9")));
    EXPECT_NE(addressGroup(make_address("2001:db8:1:2::1")), addressGroup(make_address("2001:db8:1:3::1")));
}

TEST(AddressRanges, MatchesAddressesAndNetworks) {
    AddressRanges ranges({"10.0.0.0/8", "192.0.2.1", "fd00::/8", "::1"});
    EXPECT_TRUE(ranges.contains(make_address("10.200.3.4")));
    EXPECT_TRUE(ranges.contains(make_address("::ffff:10.1.1.1")));
    EXPECT_TRUE(ranges.contains(make_address("192.0.2.1")));
    EXPECT_FALSE(ranges.contains(make_address("192.0.2.2")));
    EXPECT_TRUE(ranges.contains(make_address("fd12::5")));
    EXPECT_TRUE(ranges.contains(make_address("::1")));
    EXPECT_FALSE(ranges.contains(make_address("2001:db8::1")));
    EXPECT_FALSE(AddressRanges().contains(make_address("10.0.0.1")));
}

TEST(AddressRanges, RefusesWhatIsNotAnAddress) {
    EXPECT_THROW(AddressRanges({"10.0.0.0/33"}), std::invalid_argument);
    EXPECT_THROW(AddressRanges({"proxy.local"}), std::invalid_argument);
    EXPECT_THROW(AddressRanges({"fd00::/129"}), std::invalid_argument);
    EXPECT_THROW(AddressRanges({""}), std::invalid_argument);
}

/// With a cap of two: `first` and `second` get in, `third` (the same client) does not, `other` does.
static void expectSameClientCapped(PerAddressLimiter& limits, const char* first, const char* second, const char* third,
                                   const char* other) {
    auto a = limits.tryAcquire(make_address(first));
    auto b = limits.tryAcquire(make_address(second));
    auto c = limits.tryAcquire(make_address(third));
    auto d = limits.tryAcquire(make_address(other));
    EXPECT_TRUE(a);
    EXPECT_TRUE(b);
    EXPECT_FALSE(c) << third << " is the same client as " << first;
    EXPECT_TRUE(d) << other << " is another client";
    EXPECT_EQ(limits.countFor(make_address(first)), 2u);
    EXPECT_EQ(limits.addresses(), 2u);
}

TEST(PerAddressLimiter, CapsEachIpv4AddressOnItsOwn) {
    FakeMetrics metrics;
    auto limits = limiter(metrics, 2);
    expectSameClientCapped(*limits, "192.0.2.1", "192.0.2.1", "::ffff:192.0.2.1", "192.0.2.2");
    EXPECT_EQ(refused(metrics), 1);
}

TEST(PerAddressLimiter, Ipv6AddressesOfOneSlash64ShareTheirCap) {
    FakeMetrics metrics;
    auto limits = limiter(metrics, 2);
    expectSameClientCapped(*limits, "2001:db8:0:1::1", "2001:db8:0:1::2", "2001:db8:0:1:abcd::3", "2001:db8:0:2::1");
}

TEST(PerAddressLimiter, ClosingGivesThePlaceBack) {
    FakeMetrics metrics;
    auto limits = limiter(metrics, 1);
    auto first = std::make_unique<PerAddressLimiter::Slot>(limits->tryAcquire(make_address("198.51.100.9")));
    ASSERT_TRUE(*first);
    EXPECT_FALSE(limits->tryAcquire(make_address("198.51.100.9")));
    first.reset();  // the connection closed
    EXPECT_EQ(limits->countFor(make_address("198.51.100.9")), 0u);
    EXPECT_EQ(limits->addresses(), 0u);
    auto again = limits->tryAcquire(make_address("198.51.100.9"));
    EXPECT_TRUE(again);
    // A moved slot is given back once, by its new owner.
    PerAddressLimiter::Slot moved = std::move(again);
    again.release();
    EXPECT_EQ(limits->countFor(make_address("198.51.100.9")), 1u);
    moved.release();
    EXPECT_EQ(limits->countFor(make_address("198.51.100.9")), 0u);
}

TEST(PerAddressLimiter, ReportsAnAddressOnce) {
    FakeMetrics metrics;
    auto limits = limiter(metrics, 1);
    {
        auto held = limits->tryAcquire(make_address("203.0.113.5"));
        for (int i = 0; i < 50; ++i) EXPECT_FALSE(limits->tryAcquire(make_address("203.0.113.5")));
        EXPECT_EQ(refused(metrics), 50);
        EXPECT_EQ(capReached(metrics), 1) << "one log line for the address, not one per refusal";
        auto other = limits->tryAcquire(make_address("203.0.113.6"));
        EXPECT_FALSE(limits->tryAcquire(make_address("203.0.113.6")));
        EXPECT_EQ(capReached(metrics), 2) << "each address is reported";
    }
    // An address that comes back (an attacker reopening) is not logged again soon.
    auto held = limits->tryAcquire(make_address("203.0.113.5"));
    EXPECT_FALSE(limits->tryAcquire(make_address("203.0.113.5")));
    EXPECT_EQ(capReached(metrics), 2);
}

TEST(PerAddressLimiter, ReportsAgainAfterTheInterval) {
    FakeMetrics metrics;
    auto limits = limiter(metrics, 1, {}, std::chrono::seconds(0));
    auto held = limits->tryAcquire(make_address("203.0.113.5"));
    EXPECT_FALSE(limits->tryAcquire(make_address("203.0.113.5")));
    EXPECT_FALSE(limits->tryAcquire(make_address("203.0.113.5")));
    EXPECT_EQ(capReached(metrics), 2);
}

TEST(PerAddressLimiter, ExemptAddressesAndZeroCapAreNotCounted) {
    FakeMetrics metrics;
    auto limits = limiter(metrics, 1, {"10.0.0.0/8"});
    std::vector<PerAddressLimiter::Slot> proxy;
    for (int i = 0; i < 10; ++i) {
        proxy.push_back(limits->tryAcquire(make_address("10.1.2.3")));
        EXPECT_TRUE(proxy.back());
    }
    EXPECT_EQ(limits->addresses(), 0u);
    auto unlimited = limiter(metrics, 0);
    std::vector<PerAddressLimiter::Slot> many;
    for (int i = 0; i < 10; ++i) {
        many.push_back(unlimited->tryAcquire(make_address("192.0.2.1")));
        EXPECT_TRUE(many.back());
    }
}
