#include <gtest/gtest.h>

#include "PasswordStrength.h"

using namespace sockstream::authpassword;

TEST(PasswordStrength, ScoresByZxcvbnGuessThresholds) {
    // Bits are log2(guesses); the thresholds are 10^3, 10^6, 10^8 and 10^10 guesses.
    EXPECT_EQ(PasswordStrength::scoreOf(0), 0);
    EXPECT_EQ(PasswordStrength::scoreOf(9.9), 0);
    EXPECT_EQ(PasswordStrength::scoreOf(10.0), 1);
    EXPECT_EQ(PasswordStrength::scoreOf(19.9), 1);
    EXPECT_EQ(PasswordStrength::scoreOf(20.0), 2);
    EXPECT_EQ(PasswordStrength::scoreOf(26.5), 2);
    EXPECT_EQ(PasswordStrength::scoreOf(26.6), 3);
    EXPECT_EQ(PasswordStrength::scoreOf(33.2), 3);
    EXPECT_EQ(PasswordStrength::scoreOf(33.3), 4);
    EXPECT_EQ(PasswordStrength::scoreOf(200), 4);
}

TEST(PasswordStrength, NamesTheWeaknessInWords) {
    EXPECT_EQ(PasswordStrength::estimate("password").weakness, "it is a common password");
    EXPECT_EQ(PasswordStrength::estimate("password123").weakness,
              "it is a common password with a few characters added");
    EXPECT_LE(PasswordStrength::estimate("password123").score, 1);
    EXPECT_EQ(PasswordStrength::estimate("zxcvbnm,./").weakness, "it contains a keyboard pattern such as qwerty");
    EXPECT_EQ(PasswordStrength::estimate("abcdefghijklmnop").weakness, "it contains a sequence such as abc or 123");
    EXPECT_EQ(PasswordStrength::estimate("xkxkxkxkxkxkxk").weakness, "it repeats characters or words");
}

TEST(PasswordStrength, StrongPassphrasesScoreHighAndNeedNoExplanation) {
    const auto estimate = PasswordStrength::estimate("violet anchor drizzle 42");
    EXPECT_EQ(estimate.score, 4);
    EXPECT_TRUE(estimate.weakness.empty());
}

TEST(PasswordStrength, ToleratesAnyBytes) {
    // The policy passes valid UTF-8 only, but the estimate must not depend on that.
    EXPECT_NO_THROW(PasswordStrength::estimate(std::string("ab\0cd", 5)));
    EXPECT_NO_THROW(PasswordStrength::estimate(std::string(512, '\xff')));
    EXPECT_NO_THROW(PasswordStrength::estimate(""));
    EXPECT_NO_THROW(PasswordStrength::estimate("x", {"", "x"}));
}
