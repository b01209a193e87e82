#include <gtest/gtest.h>

#include "UnicodeText.h"

using sockstream::authpassword::UnicodeText;

TEST(UnicodeText, CountsCodePointsNotBytes) {
    EXPECT_EQ(UnicodeText::fromUtf8("abc")->codePoints(), 3u);
    EXPECT_EQ(UnicodeText::fromUtf8("\xC3\xA9t\xC3\xA9")->codePoints(), 3u);           // été
    EXPECT_EQ(UnicodeText::fromUtf8("\xF0\x9F\x94\x91")->codePoints(), 1u);             // U+1F511, 4 bytes, 2 UTF-16 units
    EXPECT_EQ(UnicodeText::fromUtf8("\xE5\xAF\x86\xE7\xA0\x81")->codePoints(), 2u);     // 密码
    EXPECT_EQ(UnicodeText::fromUtf8("")->codePoints(), 0u);
}

class IllFormedUtf8 : public testing::TestWithParam<std::string> {};

TEST_P(IllFormedUtf8, IsRejected) {
    EXPECT_FALSE(UnicodeText::fromUtf8(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(
    UnicodeText, IllFormedUtf8,
    testing::Values(std::string("\xC3"),                      // truncated 2-byte
                    std::string("abc\xE2\x82"),               // truncated 3-byte
                    std::string("\x80"),                      // lone continuation
                    std::string("\xC0\xAF"),                  // overlong '/'
                    std::string("\xE0\x80\xAF"),              // overlong, 3 bytes
                    std::string("\xED\xA0\x80"),              // UTF-16 surrogate D800
                    std::string("\xF4\x90\x80\x80"),          // beyond U+10FFFF
                    std::string("\xFF"),                      // never valid
                    std::string("password\xFE")));

TEST(UnicodeText, AcceptsNulAsACharacter) {
    const auto text = UnicodeText::fromUtf8(std::string("a\0b", 3));
    ASSERT_TRUE(text);
    EXPECT_EQ(text->codePoints(), 3u);
}

TEST(UnicodeText, NormalisesCompatibilityFormsWithNfkc) {
    // "é" precomposed and decomposed; the "ﬁ" ligature; full-width letters.
    EXPECT_EQ(UnicodeText::fromUtf8("e\xCC\x81")->nfkc(), "\xC3\xA9");
    EXPECT_EQ(UnicodeText::fromUtf8("\xEF\xAC\x81")->nfkc(), "fi");
    EXPECT_EQ(UnicodeText::fromUtf8("\xEF\xBC\xB0\xEF\xBD\x81")->nfkc(), "Pa");
}

TEST(UnicodeText, FoldsCase) {
    EXPECT_EQ(UnicodeText::fromUtf8("PassWORD")->foldedNfkc(), "password");
    EXPECT_EQ(UnicodeText::fromUtf8("STRASSE")->foldedNfkc(), UnicodeText::fromUtf8("stra\xC3\x9F" "e")->foldedNfkc());
}

TEST(UnicodeText, TrimsUnicodeWhiteSpace) {
    const auto text = UnicodeText::fromUtf8("\xE2\x80\x83 \t Ada Lovelace\n\xC2\xA0");  // em space ... no-break space
    ASSERT_TRUE(text);
    EXPECT_EQ(text->trimmed().utf8(), "Ada Lovelace");
    EXPECT_EQ(text->trimmed().codePoints(), 12u);
    EXPECT_EQ(UnicodeText::fromUtf8("   ")->trimmed().codePoints(), 0u);
}

TEST(UnicodeText, FindsInvisibleCharacters) {
    EXPECT_FALSE(UnicodeText::fromUtf8("Zo\xC3\xAB")->hasInvisibleOrUnassigned());
    EXPECT_FALSE(UnicodeText::fromUtf8("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB")->hasInvisibleOrUnassigned());  // ZWJ emoji
    EXPECT_TRUE(UnicodeText::fromUtf8("a\x07" "b")->hasInvisibleOrUnassigned());             // BEL
    EXPECT_TRUE(UnicodeText::fromUtf8("a\xE2\x80\xAE" "b")->hasInvisibleOrUnassigned());     // RIGHT-TO-LEFT OVERRIDE
    EXPECT_TRUE(UnicodeText::fromUtf8("a\xEE\x80\x80" "b")->hasInvisibleOrUnassigned());     // private use U+E000
    EXPECT_TRUE(UnicodeText::fromUtf8("a\xF3\xA0\x80\x81" "b")->hasInvisibleOrUnassigned()); // language tag U+E0001
}
