#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "ChatConfig.h"

namespace sockstream::chat {
namespace {

ChatConfig parse(const std::string& text) {
    Poco::JSON::Parser parser;
    return ChatConfig::fromJson(*parser.parse(text).extract<Poco::JSON::Object::Ptr>());
}

std::string failure(const std::string& text) {
    try {
        parse(text);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

TEST(WordFilterConfig, ReadsWordsAndPatternsPerChannel) {
    const ChatConfig config = parse(R"({"wordFilter": {"gaming": {"words": ["darn"], "patterns": ["fr[e3]{2}"]}}})");
    ASSERT_EQ(config.wordFilter.count("gaming"), 1u);
    EXPECT_EQ(config.wordFilter.at("gaming").words, std::vector<std::string>{"darn"});
    EXPECT_EQ(config.wordFilter.at("gaming").patterns, std::vector<std::string>{"fr[e3]{2}"});
    EXPECT_TRUE(parse("{}").wordFilter.empty());
}

TEST(WordFilterConfig, RefusesWhatWouldNotWorkNamingTheKey) {
    EXPECT_THAT(failure(R"({"wordFilter": {"gaming": {"patterns": ["(unclosed"]}}})"),
                ::testing::AllOf(::testing::HasSubstr("wordFilter"), ::testing::HasSubstr("not a valid regular expression")));
    EXPECT_THAT(failure(R"({"wordFilter": {"gaming": {"word": ["darn"]}}})"), ::testing::HasSubstr("word"));
    EXPECT_THAT(failure(R"({"wordFilter": {"gaming": {"words": [""]}}})"), ::testing::HasSubstr("wordFilter.gaming.words"));
    EXPECT_THAT(failure(R"({"wordFilter": ["darn"]})"), ::testing::HasSubstr("wordFilter must be an object"));
}

}  // namespace
}  // namespace sockstream::chat
