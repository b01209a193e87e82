#include <gtest/gtest.h>

#include <string>

#include "httpserver/RequestTarget.h"

using sockstream::core::RequestTarget;

namespace {

void expectRefused(std::string_view raw) {
    std::string reason;
    EXPECT_FALSE(RequestTarget::parse(raw, &reason)) << "accepted: " << raw;
    EXPECT_FALSE(reason.empty()) << raw;
}

}  // namespace

TEST(RequestTarget, DecodesPathAndQuery) {
    auto target = RequestTarget::parse("/hls/r%C3%A9sum%C3%A9/index.m3u8?_HLS_msn=3&q=a+b%20c&flag&x=1&x=2");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->path, "/hls/r\xC3\xA9sum\xC3\xA9/index.m3u8");
    EXPECT_EQ(target->query.at("_HLS_msn"), "3");
    EXPECT_EQ(target->query.at("q"), "a b c");
    EXPECT_EQ(target->query.at("flag"), "");
    EXPECT_EQ(target->query.at("x"), "2");
}

TEST(RequestTarget, PlusIsLiteralInPath) {
    auto target = RequestTarget::parse("/a+b");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->path, "/a+b");
}

TEST(RequestTarget, EncodedCharactersInQueryAreAllowed) {
    auto target = RequestTarget::parse("/p?next=%2Fhome%2E&empty=");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->query.at("next"), "/home.");
    EXPECT_EQ(target->query.at("empty"), "");
}

TEST(RequestTarget, DotsInsideNamesAreFine) {
    auto target = RequestTarget::parse("/assets/app.min.js/..x/x..");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->path, "/assets/app.min.js/..x/x..");
}

TEST(RequestTarget, RefusesTargetsNotStartingWithSlash) {
    expectRefused("");
    expectRefused("*");
    expectRefused("http://example.com/");
    expectRefused("index.html");
}

TEST(RequestTarget, RefusesNul) {
    expectRefused(std::string_view("/a\0b", 4));
    expectRefused("/a%00b");
    expectRefused("/a?x=%00");
    expectRefused(std::string_view("/a?x=\0", 6));
}

TEST(RequestTarget, RefusesDotSegments) {
    expectRefused("/..");
    expectRefused("/a/../b");
    expectRefused("/a/..");
    expectRefused("/./a");
    expectRefused("/a/.");
}

TEST(RequestTarget, RefusesEncodedSlashAndDot) {
    expectRefused("/a%2Fb");
    expectRefused("/a%2fb");
    expectRefused("/%2E%2E/etc/passwd");
    expectRefused("/a/%2e");
}

TEST(RequestTarget, RefusesBackslash) {
    expectRefused("/a\\b");
    expectRefused("/a%5Cb");
    expectRefused("/a%5cb");
}

TEST(RequestTarget, RefusesMalformedEscapes) {
    expectRefused("/a%");
    expectRefused("/a%4");
    expectRefused("/a%zz");
    expectRefused("/a?x=%g1");
}

TEST(RequestTarget, RefusesControlCharactersAndFragments) {
    expectRefused("/a%0Ab");
    expectRefused("/a\tb");
    expectRefused("/a#frag");
}

TEST(RequestTarget, RefusesOverLimits) {
    expectRefused("/" + std::string(RequestTarget::kMaxTargetBytes, 'a'));
    std::string query = "/?";
    for (std::size_t i = 0; i <= RequestTarget::kMaxQueryParameters; ++i) query += "k" + std::to_string(i) + "=v&";
    expectRefused(query);
}
