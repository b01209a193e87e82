#include <gtest/gtest.h>

#include "DisplayName.h"

using sockstream::authpassword::DisplayName;

TEST(DisplayName, TrimsAndKeepsTheRest) {
    EXPECT_EQ(DisplayName::normalize("  Ada  Lovelace \t"), "Ada  Lovelace");
    EXPECT_EQ(DisplayName::normalize("Zo\xC3\xAB"), "Zo\xC3\xAB");
    EXPECT_EQ(DisplayName::normalize("Robert'); DROP TABLE users;--"), "Robert'); DROP TABLE users;--");
}

TEST(DisplayName, AllowsOneToAHundredCharacters) {
    EXPECT_TRUE(DisplayName::normalize("A"));
    EXPECT_TRUE(DisplayName::normalize(std::string(100, 'a')));
    EXPECT_FALSE(DisplayName::normalize(std::string(101, 'a')));
    // 100 three-byte characters are 300 bytes but still 100 characters.
    std::string hundredHan;
    for (int i = 0; i < 100; ++i) hundredHan += "\xE5\xAF\x86";
    EXPECT_TRUE(DisplayName::normalize(hundredHan));
    EXPECT_FALSE(DisplayName::normalize(hundredHan + "\xE5\xAF\x86"));
}

TEST(DisplayName, RejectsEmptyInvisibleAndMalformedNames) {
    EXPECT_FALSE(DisplayName::normalize(""));
    EXPECT_FALSE(DisplayName::normalize(" \t\n"));
    EXPECT_FALSE(DisplayName::normalize("Ada\nLovelace"));
    EXPECT_FALSE(DisplayName::normalize("admin\xE2\x80\xAE"));
    EXPECT_FALSE(DisplayName::normalize("Ada\xC3"));
    EXPECT_FALSE(DisplayName::normalize(std::string("Ada\0", 4)));
}
