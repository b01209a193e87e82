#include <gtest/gtest.h>

#include "oidc/RedirectPath.h"

using sockstream::authgoogle::RedirectPath;

TEST(RedirectPath, KeepsSameOriginPaths) {
    EXPECT_EQ(RedirectPath::sanitize("/"), "/");
    EXPECT_EQ(RedirectPath::sanitize("/rooms/abc?tab=chat#top"), "/rooms/abc?tab=chat#top");
    EXPECT_EQ(RedirectPath::sanitize("/a//b"), "/a//b");
}

TEST(RedirectPath, RefusesOtherOrigins) {
    EXPECT_EQ(RedirectPath::sanitize("https://evil.example/"), "/");
    EXPECT_EQ(RedirectPath::sanitize("//evil.example/path"), "/");
    EXPECT_EQ(RedirectPath::sanitize("/\\evil.example"), "/");
    EXPECT_EQ(RedirectPath::sanitize("/path\\..\\x"), "/");
    EXPECT_EQ(RedirectPath::sanitize("javascript:alert(1)"), "/");
    EXPECT_EQ(RedirectPath::sanitize("rooms"), "/");
    EXPECT_EQ(RedirectPath::sanitize(""), "/");
}

TEST(RedirectPath, RefusesControlCharactersAndHugeValues) {
    EXPECT_EQ(RedirectPath::sanitize("/\t/evil.example"), "/");
    EXPECT_EQ(RedirectPath::sanitize("/a\r\nSet-Cookie: x=y"), "/");
    EXPECT_EQ(RedirectPath::sanitize(std::string("/a\0b", 4)), "/");
    EXPECT_EQ(RedirectPath::sanitize("/" + std::string(RedirectPath::kMaxLength, 'a')), "/");
}
