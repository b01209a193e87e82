#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include "CommonPasswordList.h"
#include "UnicodeText.h"

using namespace sockstream::authpassword;

namespace {
std::string fold(const std::string& text) { return UnicodeText::fromUtf8(text)->foldedNfkc(); }
}  // namespace

TEST(CommonPasswordList, SkipsCommentsAndBlankLines) {
    std::istringstream in("#!comment: a header\n123456\r\n\nPassword1\n#!comment: more\nqwertyuiop\n");
    const auto list = CommonPasswordList::fromStream(in, "test");
    EXPECT_EQ(list.size(), 3u);
    EXPECT_TRUE(list.containsFolded(fold("123456")));
    EXPECT_TRUE(list.containsFolded(fold("password1")));
    EXPECT_TRUE(list.containsFolded(fold("QWERTYUIOP")));
    EXPECT_FALSE(list.containsFolded(fold("#!comment: a header")));
    EXPECT_FALSE(list.containsFolded(fold("")));
}

TEST(CommonPasswordList, RejectsInvalidFiles) {
    std::istringstream badUtf8("good\nbad\xC3\n");
    EXPECT_THROW(CommonPasswordList::fromStream(badUtf8, "test"), std::runtime_error);
    std::istringstream longLine(std::string(CommonPasswordList::kMaxLineBytes + 1, 'x') + "\n");
    EXPECT_THROW(CommonPasswordList::fromStream(longLine, "test"), std::runtime_error);
    EXPECT_THROW(CommonPasswordList::fromFile("/nonexistent/common-passwords.txt"), std::runtime_error);
}

TEST(CommonPasswordList, ShipsSeveralThousandEntries) {
    const auto list = CommonPasswordList::fromFile(SHIPPED_COMMON_PASSWORDS);
    EXPECT_GT(list.size(), 3000u);
    EXPECT_TRUE(list.containsFolded(fold("password")));
    EXPECT_TRUE(list.containsFolded(fold("12345678")));
    EXPECT_TRUE(list.containsFolded(fold("iloveyou")));
    EXPECT_FALSE(list.containsFolded(fold("violet-anchor-91-drizzle")));
}
