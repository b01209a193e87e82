#include <gtest/gtest.h>

#include "logic/EventLimits.h"
#include "logic/MessageText.h"
#include "logic/RateLimiter.h"

using namespace sockstream::chat;

TEST(MessageText, TrimsAndAcceptsOneToMaxCharacters) {
    EXPECT_EQ(MessageText::normalize("  hello \n", 500), "hello");
    EXPECT_EQ(MessageText::normalize("a", 500), "a");
    EXPECT_EQ(MessageText::normalize(std::string(500, 'x'), 500)->size(), 500u);
    EXPECT_FALSE(MessageText::normalize(std::string(501, 'x'), 500));
    EXPECT_FALSE(MessageText::normalize("", 500));
    EXPECT_FALSE(MessageText::normalize(" \t\n ", 500));
}

TEST(MessageText, CountsCharactersNotBytes) {
    std::string accents;
    for (int i = 0; i < 500; ++i) accents += "\xC3\xA9";  // é, two bytes each
    EXPECT_TRUE(MessageText::normalize(accents, 500));
    EXPECT_FALSE(MessageText::normalize(accents + "\xC3\xA9", 500));
    EXPECT_EQ(MessageText::countCodePoints("\xF0\x9F\x98\x80"), 1u);  // one emoji
}

TEST(MessageText, RejectsInvalidUtf8AndControlCharacters) {
    EXPECT_FALSE(MessageText::normalize("\xC3", 500));              // truncated
    EXPECT_FALSE(MessageText::normalize("\xC0\xAF", 500));          // overlong
    EXPECT_FALSE(MessageText::normalize("\xED\xA0\x80", 500));      // surrogate
    EXPECT_FALSE(MessageText::normalize("\xFF", 500));
    EXPECT_FALSE(MessageText::normalize(std::string("a\0b", 3), 500));
    EXPECT_FALSE(MessageText::normalize("a\x1b[31mb", 500));
    EXPECT_TRUE(MessageText::normalize("line one\nline two", 500));
}

TEST(MessageText, RefusesBidiControlsAsNamesDo) {
    // U+202E RIGHT-TO-LEFT OVERRIDE, the "Trojan Source" character.
    EXPECT_FALSE(MessageText::normalize("pay \xE2\x80\xAEtxt.exe", 500));
    EXPECT_TRUE(MessageText::hasBidiControl("pay \xE2\x80\xAEtxt.exe"));
    for (const char* control : {"\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD",   // U+202A..D
                                "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8", "\xE2\x81\xA9"}) {  // U+2066..9
        EXPECT_FALSE(MessageText::normalize(std::string("a") + control + "b", 500)) << control;
        EXPECT_TRUE(MessageText::hasBidiControl(std::string("a") + control + "b")) << control;
    }
    // Right-to-left scripts themselves, the marks and the joiners they use are fine.
    EXPECT_TRUE(MessageText::normalize("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", 500));  // Hebrew
    EXPECT_TRUE(MessageText::normalize("a\xE2\x80\x8F" "b\xE2\x80\x8D" "c", 500));         // RLM, ZWJ
    EXPECT_TRUE(MessageText::normalize("\xE2\x80\xA9", 500));                             // U+2029, just past the range
    EXPECT_FALSE(MessageText::hasBidiControl("\xE2\x81\xAA"));                            // U+206A, past the isolates
}

TEST(EventLimits, AConnectionSpendsItsOwnBudgetFirst) {
    EventLimits limits(2, 3, 10'000);
    EXPECT_EQ(limits.admit("s1", "10.0.0.1", 0), EventLimits::Verdict::Allowed);
    EXPECT_EQ(limits.admit("s1", "10.0.0.1", 1), EventLimits::Verdict::Allowed);
    EXPECT_EQ(limits.admit("s1", "10.0.0.1", 2), EventLimits::Verdict::SocketLimited);
    EXPECT_EQ(limits.admit("s2", "10.0.0.1", 3), EventLimits::Verdict::Allowed) << "the refused event cost the address nothing";
    EXPECT_EQ(limits.admit("s3", "10.0.0.1", 4), EventLimits::Verdict::AddressLimited);
    EXPECT_EQ(limits.admit("s4", "10.0.0.2", 5), EventLimits::Verdict::Allowed) << "other addresses are not affected";
    EXPECT_EQ(limits.admit("s1", "10.0.0.1", 10'001), EventLimits::Verdict::Allowed) << "the window slid on";
}

TEST(EventLimits, IPv6CountsBySlash64AndMappedIPv4AsIPv4) {
    EXPECT_EQ(EventLimits::addressKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
    EXPECT_EQ(EventLimits::addressKey("[2001:db8:1:2:bbbb::7]"), "2001:db8:1:2::/64");
    EXPECT_EQ(EventLimits::addressKey("::ffff:192.0.2.7"), "192.0.2.7");
    EXPECT_EQ(EventLimits::addressKey("192.0.2.7"), "192.0.2.7");
    EXPECT_EQ(EventLimits::addressKey("not an address"), "not an address");

    EventLimits limits(100, 1, 10'000);
    EXPECT_EQ(limits.admit("s1", "2001:db8:1:2::1", 0), EventLimits::Verdict::Allowed);
    EXPECT_EQ(limits.admit("s2", "2001:db8:1:2::2", 0), EventLimits::Verdict::AddressLimited);
    EXPECT_EQ(limits.admit("s3", "2001:db8:1:3::1", 0), EventLimits::Verdict::Allowed);
}

TEST(EventLimits, AConnectionThatIgnoresItsRefusalsIsToldToGo) {
    EventLimits limits(2, 1000, 10'000);
    limits.admit("s1", "10.0.0.1", 0);
    limits.admit("s1", "10.0.0.1", 0);
    for (std::size_t i = 0; i < 2 * EventLimits::kIgnoredFactor; ++i)
        ASSERT_EQ(limits.admit("s1", "10.0.0.1", 1), EventLimits::Verdict::SocketLimited) << i;
    EXPECT_EQ(limits.admit("s1", "10.0.0.1", 1), EventLimits::Verdict::Ignored);
    // One that waits is admitted again and starts a new count.
    EventLimits polite(1, 1000, 1'000);
    polite.admit("s2", "10.0.0.1", 0);
    for (std::size_t i = 0; i < EventLimits::kIgnoredFactor; ++i) polite.admit("s2", "10.0.0.1", 1);
    EXPECT_EQ(polite.admit("s2", "10.0.0.1", 1'001), EventLimits::Verdict::Allowed);
    EXPECT_EQ(polite.admit("s2", "10.0.0.1", 1'002), EventLimits::Verdict::SocketLimited);
}

TEST(EventLimits, PruneForgetsClosedConnections) {
    EventLimits limits(1, 10, 1'000);
    limits.admit("gone", "10.0.0.1", 0);
    limits.prune(5'000);
    EXPECT_EQ(limits.admit("gone", "10.0.0.1", 5'000), EventLimits::Verdict::Allowed);
}

TEST(RateLimiter, AllowsLimitPerWindowThenRefuses) {
    RateLimiter limiter(3, 30'000);
    EXPECT_TRUE(limiter.tryAcquire("u", 0));
    EXPECT_TRUE(limiter.tryAcquire("u", 10));
    EXPECT_TRUE(limiter.tryAcquire("u", 20));
    EXPECT_FALSE(limiter.tryAcquire("u", 30));
    EXPECT_TRUE(limiter.tryAcquire("other", 30));
    EXPECT_FALSE(limiter.tryAcquire("u", 29'999));
    EXPECT_TRUE(limiter.tryAcquire("u", 30'000));  // the first one left the window
}

TEST(RateLimiter, PruneForgetsIdleKeys) {
    RateLimiter limiter(2, 1000);
    limiter.tryAcquire("a", 0);
    limiter.tryAcquire("b", 900);
    limiter.prune(1500);
    EXPECT_EQ(limiter.trackedKeys(), 1u);
}

TEST(MessageText, RefusesC1ControlsAsRoomTitlesAndNamesDo) {
    // U+0085 NEXT LINE breaks lines in some viewers; U+009B CSI starts a terminal escape like ESC [.
    EXPECT_FALSE(MessageText::normalize("a\xC2\x85" "b", 500));
    EXPECT_FALSE(MessageText::normalize("a\xC2\x9B" "31mb", 500));
    EXPECT_FALSE(MessageText::normalize("a\xC2\x80" "b", 500));                       // U+0080, first of C1
    EXPECT_TRUE(MessageText::normalize("a\xC2\xA0" "b", 500));                        // U+00A0, just past C1
    EXPECT_TRUE(MessageText::normalize("caf\xC3\xA9", 500));
}
