#include <gtest/gtest.h>

#include "ClientAddressKey.h"

using sockstream::authpassword::ClientAddressKey;

TEST(ClientAddressKey, KeepsIpv4Addresses) {
    EXPECT_EQ(ClientAddressKey::of("203.0.113.7"), "203.0.113.7");
}

TEST(ClientAddressKey, CountsIpv6ClientsPerSlash64) {
    EXPECT_EQ(ClientAddressKey::of("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
    EXPECT_EQ(ClientAddressKey::of("2001:db8:1:2::1"), ClientAddressKey::of("2001:db8:1:2:ffff::9"));
    EXPECT_NE(ClientAddressKey::of("2001:db8:1:2::1"), ClientAddressKey::of("2001:db8:1:3::1"));
    EXPECT_EQ(ClientAddressKey::of("fe80::1%eth0"), "fe80::/64");
}

TEST(ClientAddressKey, TreatsIpv4MappedAddressesAsIpv4) {
    EXPECT_EQ(ClientAddressKey::of("::ffff:192.0.2.1"), "192.0.2.1");
}

TEST(ClientAddressKey, KeepsUnparsableAddressesAsTheyAre) {
    EXPECT_EQ(ClientAddressKey::of("unix-socket"), "unix-socket");
    EXPECT_EQ(ClientAddressKey::of(""), "");
}
