#include <gtest/gtest.h>

#include <sstream>

#include "PasswordPolicy.h"

using namespace sockstream::authpassword;

namespace {

std::shared_ptr<const CommonPasswordList> smallList() {
    std::istringstream in("password\nbaseball1\nqwertyuiop\n");
    return std::make_shared<const CommonPasswordList>(CommonPasswordList::fromStream(in, "test"));
}

// Length, encoding and list rules alone: the strength estimate has its own tests below.
std::optional<PasswordProblem> problemOf(const std::string& password) {
    return PasswordPolicy(smallList(), 0).check(password).problem;
}

std::string repeat(const std::string& unit, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += unit;
    return out;
}

}  // namespace

TEST(PasswordPolicy, AcceptsEightToOneHundredTwentyEightCharacters) {
    EXPECT_FALSE(problemOf("abcdefg1"));
    EXPECT_FALSE(problemOf(std::string(128, 'z')));
    EXPECT_EQ(problemOf("abcdef7"), PasswordProblem::TooShort);
    EXPECT_EQ(problemOf(""), PasswordProblem::TooShort);
    EXPECT_EQ(problemOf(std::string(129, 'z')), PasswordProblem::TooLong);
}

TEST(PasswordPolicy, CountsCodePointsNotBytes) {
    // Four 4-byte emoji: 16 bytes but only 4 characters.
    EXPECT_EQ(problemOf(repeat("\xF0\x9F\x94\x91", 4)), PasswordProblem::TooShort);
    EXPECT_FALSE(problemOf(repeat("\xF0\x9F\x94\x91", 8)));
    // 128 three-byte characters (384 bytes) pass; 129 do not.
    EXPECT_FALSE(problemOf(repeat("\xE5\xAF\x86", 128)));
    EXPECT_EQ(problemOf(repeat("\xE5\xAF\x86", 129)), PasswordProblem::TooLong);
}

TEST(PasswordPolicy, RejectsInvalidUtf8) {
    EXPECT_EQ(problemOf("abcdefgh\xC3"), PasswordProblem::InvalidUtf8);
    EXPECT_EQ(problemOf("abcdefgh\xED\xA0\x80"), PasswordProblem::InvalidUtf8);
}

TEST(PasswordPolicy, RejectsCommonPasswordsWhateverTheCaseOrWidth) {
    EXPECT_EQ(problemOf("baseball1"), PasswordProblem::Common);
    EXPECT_EQ(problemOf("BaseBall1"), PasswordProblem::Common);
    EXPECT_EQ(problemOf("QWERTYUIOP"), PasswordProblem::Common);
    // Full-width "password" normalises (NFKC) to the listed entry.
    EXPECT_EQ(problemOf("\xEF\xBD\x90\xEF\xBD\x81\xEF\xBD\x93\xEF\xBD\x93\xEF\xBD\x97\xEF\xBD\x8F\xEF\xBD\x92\xEF\xBD\x84"),
              PasswordProblem::Common);
    EXPECT_FALSE(problemOf("baseball12"));
}

TEST(PasswordPolicy, HashesTheNfkcForm) {
    const auto result = PasswordPolicy(smallList(), 0).check("caf\xC3\xA9-cr\xC3\xA8me");
    ASSERT_TRUE(result.accepted);
    EXPECT_EQ(result.accepted->normalized, "caf\xC3\xA9-cr\xC3\xA8me");
    const auto decomposed = PasswordPolicy(smallList(), 0).check("cafe\xCC\x81-cre\xCC\x80me");
    ASSERT_TRUE(decomposed.accepted);
    EXPECT_EQ(decomposed.accepted->normalized, result.accepted->normalized);
    EXPECT_EQ(PasswordPolicy::normalizeForVerification("cafe\xCC\x81-cre\xCC\x80me"), result.accepted->normalized);
    EXPECT_FALSE(PasswordPolicy::normalizeForVerification("\xC3"));
}

TEST(PasswordPolicy, KeepsSpacesAndSymbols) {
    const auto result = PasswordPolicy(smallList(), 0).check("  spaced out ' OR 1=1 --  ");
    ASSERT_TRUE(result.accepted);
    EXPECT_EQ(result.accepted->normalized, "  spaced out ' OR 1=1 --  ");
}

TEST(PasswordPolicy, EveryProblemHasACodeAndMessage) {
    for (auto problem : {PasswordProblem::InvalidUtf8, PasswordProblem::TooShort, PasswordProblem::TooLong,
                         PasswordProblem::Common, PasswordProblem::EasyToGuess}) {
        EXPECT_EQ(PasswordPolicy::code(problem).rfind("password_", 0), 0u);
        EXPECT_FALSE(PasswordPolicy::message(problem).empty());
    }
}

TEST(PasswordPolicy, RefusesPasswordsEasyToGuessAndSaysWhy) {
    const PasswordPolicy policy(smallList(), 3);
    const auto result = policy.check("password123");
    EXPECT_EQ(result.problem, PasswordProblem::EasyToGuess);
    EXPECT_EQ(PasswordPolicy::code(*result.problem), "password_too_weak");
    EXPECT_EQ(result.explanation,
              "This password is too easy to guess: it is a common password with a few characters added. "
              "Add another word or two; uncommon words are best.");
    for (const char* weak : {"abcdefgh1", "qwertyuiop123", "12345678910", "aaaaaaaaaaaa", "Summer2024!"})
        EXPECT_EQ(policy.check(weak).problem, PasswordProblem::EasyToGuess) << weak;
    // The list still answers first, with its own code.
    EXPECT_EQ(policy.check("baseball1").problem, PasswordProblem::Common);
}

TEST(PasswordPolicy, AcceptsPassphrasesAndKeepsTheListRule) {
    const PasswordPolicy policy(smallList(), 3);
    for (const char* strong : {"violet anchor drizzle 42", "correct horse battery staple", "host password 1",
                               "caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9\x65"}) {
        const auto result = policy.check(strong);
        EXPECT_TRUE(result.accepted) << strong << ": " << result.explanation;
        EXPECT_TRUE(result.explanation.empty());
    }
}

TEST(PasswordPolicy, APasswordMadeOfTheUsersOwnNameIsEasyToGuess) {
    const PasswordPolicy policy(smallList(), 3);
    const std::string password = "ada.lovelace.1815";
    EXPECT_TRUE(policy.check(password).accepted);
    const auto result = policy.check(password, {"Ada Lovelace", "ada.lovelace@example.com", "ada.lovelace", "Lovelace"});
    EXPECT_EQ(result.problem, PasswordProblem::EasyToGuess);
    EXPECT_NE(result.explanation.find("your name or email address"), std::string::npos) << result.explanation;
}
