#include <gtest/gtest.h>

#include "sockstream-ratelimit/AddressKey.h"

using sockstream::lib::ratelimit::addressKey;

TEST(AddressKey, KeepsIpv4Addresses) {
    EXPECT_EQ(addressKey("203.0.113.7"), "203.0.113.7");
}

TEST(AddressKey, CountsIpv6ClientsPerSlash64) {
    EXPECT_EQ(addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
    EXPECT_EQ(addressKey("2001:db8:1:2::1"), addressKey("2001:db8:1:2:ffff::9"));
    EXPECT_NE(addressKey("2001:db8:1:2::1"), addressKey("2001:db8:1:3::1"));
    EXPECT_EQ(addressKey("fe80::1%eth0"), "fe80::/64");
}

TEST(AddressKey, TreatsIpv4MappedAddressesAsIpv4) {
    EXPECT_EQ(addressKey("::ffff:192.0.2.1"), "192.0.2.1");
}

TEST(AddressKey, KeepsUnparsableAddressesAsTheyAre) {
    EXPECT_EQ(addressKey("unix-socket"), "unix-socket");
    EXPECT_EQ(addressKey(""), "");
}

TEST(AddressKey, ReadsBracketedIpv6AsTheChatSeesIt) {
    EXPECT_EQ(addressKey("[2001:db8:1:2:bbbb::7]"), "2001:db8:1:2::/64");
    EXPECT_EQ(addressKey("[::ffff:192.0.2.7]"), "192.0.2.7");
    EXPECT_EQ(addressKey("[not an address]"), "[not an address]");
}
