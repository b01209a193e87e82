#include "sockstream-text/Utf8.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace sockstream::lib::text;

TEST(Utf8, CountsCodePointsOfWellFormedText) {
    EXPECT_EQ(utf8Length(""), 0u);
    EXPECT_EQ(utf8Length("abc"), 3u);
    EXPECT_EQ(utf8Length("\xC3\xA9t\xC3\xA9"), 3u);        // été
    EXPECT_EQ(utf8Length("\xE5\xAF\x86\xE7\xA0\x81"), 2u);  // 密码
    EXPECT_EQ(utf8Length("\xF0\x9F\x98\x80"), 1u);          // U+1F600
    EXPECT_EQ(utf8Length("\xF4\x8F\xBF\xBF"), 1u);          // U+10FFFF, the last code point
    EXPECT_EQ(utf8Length("\xEF\xBF\xBF"), 1u);              // U+FFFF, a noncharacter but well-formed
    EXPECT_EQ(utf8Length(std::string("a\0b", 3)), 3u) << "NUL is well-formed UTF-8 (and a control)";
}

TEST(Utf8, RefusesEveryIllFormedSequence) {
    for (const std::string bad : {
             "\xC3",              // truncated two-byte
             "\xE2\x82",          // truncated three-byte
             "\xF0\x9F\x98",      // truncated four-byte
             "\x80",              // stray continuation
             "a\xBF",             // stray continuation after ASCII
             "\xC0\xAF",          // overlong '/'
             "\xC1\xBF",          // overlong
             "\xE0\x80\xAF",      // overlong three-byte
             "\xF0\x80\x80\xAF",  // overlong four-byte
             "\xED\xA0\x80",      // U+D800, a surrogate
             "\xED\xBF\xBF",      // U+DFFF
             "\xF4\x90\x80\x80",  // U+110000, above Unicode
             "\xF8\x88\x80\x80\x80",  // five-byte form
             "\xFE", "\xFF",
             "\xC3" "a",          // continuation missing
         })
        EXPECT_EQ(utf8Length(bad), std::nullopt) << testing::PrintToString(bad);
}

TEST(Utf8, DecodesOneCodePointAtATime) {
    const std::string text = "a\xC3\xA9\xF0\x9F\x98\x80";
    std::vector<char32_t> seen;
    EXPECT_TRUE(forEachCodePoint(text, [&](char32_t c) { seen.push_back(c); }));
    EXPECT_EQ(seen, (std::vector<char32_t>{U'a', 0xE9, 0x1F600}));
    seen.clear();
    EXPECT_FALSE(forEachCodePoint("ab\xFF" "c", [&](char32_t c) { seen.push_back(c); }));
    EXPECT_EQ(seen, (std::vector<char32_t>{U'a', U'b'})) << "the valid prefix is visited";
    EXPECT_EQ(decodeUtf8At("a", 1), std::nullopt) << "past the end";
}

TEST(Utf8, ControlCharactersAreC0DelAndC1) {
    EXPECT_TRUE(isControl(0x00));
    EXPECT_TRUE(isControl(0x1B));
    EXPECT_TRUE(isControl(0x7F));
    EXPECT_TRUE(isControl(0x80));
    EXPECT_TRUE(isControl(0x85));  // NEXT LINE
    EXPECT_TRUE(isControl(0x9B));  // CONTROL SEQUENCE INTRODUCER
    EXPECT_TRUE(isControl(0x9F));
    EXPECT_FALSE(isControl(0x20));
    EXPECT_FALSE(isControl(0x7E));
    EXPECT_FALSE(isControl(0xA0));  // NO-BREAK SPACE, just past C1
    EXPECT_FALSE(isControl(0x2028));
}

TEST(Utf8, FindsControlCharactersInText) {
    EXPECT_FALSE(hasControlCharacters("Friday night speedruns"));
    EXPECT_FALSE(hasControlCharacters("caf\xC3\xA9 \xC2\xA0 \xF0\x9F\x98\x80"));
    EXPECT_TRUE(hasControlCharacters("a\tb"));
    EXPECT_FALSE(hasControlCharacters("a\tb\nc", "\n\t"));
    EXPECT_TRUE(hasControlCharacters("a\rb", "\n\t"));
    EXPECT_TRUE(hasControlCharacters("a\x1b[31m"));
    EXPECT_TRUE(hasControlCharacters("a\x7F"));
    EXPECT_TRUE(hasControlCharacters("a\xC2\x85" "b", "\n")) << "NEL is no newline";
    EXPECT_TRUE(hasControlCharacters("a\xC2\x9B" "31m", "\n\t\r")) << "C1 cannot be allowed";
    EXPECT_FALSE(hasControlCharacters("\xC3\x85"));  // Å (0xC3 0x85): the 0x85 byte is no control
}

TEST(Utf8, BidiControlsAreEmbeddingsOverridesAndIsolates) {
    for (char32_t c = 0x202A; c <= 0x202E; ++c) EXPECT_TRUE(isBidiControl(c));
    for (char32_t c = 0x2066; c <= 0x2069; ++c) EXPECT_TRUE(isBidiControl(c));
    EXPECT_FALSE(isBidiControl(0x200E));  // LEFT-TO-RIGHT MARK
    EXPECT_FALSE(isBidiControl(0x200F));  // RIGHT-TO-LEFT MARK
    EXPECT_FALSE(isBidiControl(0x2029));
    EXPECT_FALSE(isBidiControl(0x206A));
}
