#include <gtest/gtest.h>

#include "moderation/WordFilter.h"

namespace sockstream::chat {
namespace {

WordFilter gamingFilter() {
    return WordFilter({{"gaming", WordList{{"darn", "Heck"}, {"fr[e3]{2}\\s*money", "^!!+$"}}}});
}

TEST(WordFilter, RefusesListedWholeWordsIgnoringCase) {
    const WordFilter filter = gamingFilter();
    EXPECT_TRUE(filter.refuses("gaming", "oh DARN it"));
    EXPECT_TRUE(filter.refuses("gaming", "heck."));
    EXPECT_TRUE(filter.refuses("gaming", "darn"));
    EXPECT_FALSE(filter.refuses("gaming", "darning socks"));
    EXPECT_FALSE(filter.refuses("gaming", "checkers"));
    EXPECT_FALSE(filter.refuses("gaming", "darné")) << "a non-ASCII letter continues the word";
}

TEST(WordFilter, RefusesPatternMatchesAnywhere) {
    const WordFilter filter = gamingFilter();
    EXPECT_TRUE(filter.refuses("gaming", "get FR33   MONEY now"));
    EXPECT_TRUE(filter.refuses("gaming", "!!!"));
    EXPECT_FALSE(filter.refuses("gaming", "free time"));
}

TEST(WordFilter, OnlyInItsChannel) {
    const WordFilter filter = gamingFilter();
    EXPECT_FALSE(filter.refuses("music", "darn"));
    EXPECT_TRUE(WordFilter().empty());
    EXPECT_FALSE(WordFilter().refuses("gaming", "darn"));
}

TEST(WordFilter, RefusesBadListsNamingTheChannel) {
    auto message = [](std::map<std::string, WordList> lists) {
        try {
            WordFilter filter(lists);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(message({{"gaming", WordList{{}, {"(unclosed"}}}}).find("gaming.patterns"), std::string::npos);
    EXPECT_NE(message({{"music", WordList{{""}, {}}}}).find("music.words"), std::string::npos);
    EXPECT_NE(message({{"music", WordList{{std::string(WordFilter::kMaxEntryBytes + 1, 'a')}, {}}}}), "");
    EXPECT_NE(message({{"music", WordList{std::vector<std::string>(WordFilter::kMaxEntries + 1, "a"), {}}}}), "");
}

}  // namespace
}  // namespace sockstream::chat
