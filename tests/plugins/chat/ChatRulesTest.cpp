#include <gtest/gtest.h>

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
