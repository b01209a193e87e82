#include "sockstream-config/ConfigSection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

using sockstream::lib::config::ConfigError;
using sockstream::lib::config::ConfigSection;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

/// The message of the ConfigError `read` throws, or "" when it throws none.
template <class Read>
std::string errorOf(Read read) {
    try {
        read();
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "";
}

}  // namespace

TEST(ConfigSection, ReadsEveryTypeAndKeepsDefaultsForAbsentOrNullKeys) {
    const ConfigSection config(*parse(
        R"({"name": "x", "on": true, "count": 7, "ratio": 0.5, "whole": 2, "list": ["a", "b"], "skip": null})"));
    EXPECT_EQ(config.string("name", "d"), "x");
    EXPECT_TRUE(config.boolean("on", false));
    EXPECT_EQ(config.integer("count", 1, 0, 10), 7);
    EXPECT_DOUBLE_EQ(config.number("ratio", 1, 0, 1), 0.5);
    EXPECT_DOUBLE_EQ(config.number("whole", 1, 0, 10), 2.0) << "an integer is a number too";
    EXPECT_EQ(config.strings("list", {}), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(config.integer("skip", 3, 0, 10), 3) << "null keeps the default";
    EXPECT_EQ(config.string("absent", "d"), "d");
    EXPECT_FALSE(config.has("skip"));
    EXPECT_TRUE(config.has("name"));
    int field = 4;
    config.readInt("count", field, 0, 10);
    EXPECT_EQ(field, 7);
    config.readInt("absent", field, 0, 10);
    EXPECT_EQ(field, 7);
}

TEST(ConfigSection, AnUnknownKeyIsAnErrorThatSuggestsTheNearestKnownOne) {
    const ConfigSection config(*parse(R"({"historySze": 5})"));
    EXPECT_EQ(errorOf([&] { config.allowOnly({"historySize", "maxPayload"}); }),
              R"(historySze is not a known setting (did you mean "historySize"?))");
    const ConfigSection far(*parse(R"({"colour": "blue"})"));
    EXPECT_EQ(errorOf([&] { far.allowOnly({"historySize"}); }), "colour is not a known setting");
    EXPECT_EQ(errorOf([&] { ConfigSection(*parse("{}")).allowOnly({}); }), "") << "an empty object is fine";
}

TEST(ConfigSection, WrongTypesNameTheKey) {
    const ConfigSection config(*parse(
        R"({"s": 5, "b": "yes", "i": "7", "f": 1.5, "t": true, "n": "1", "nb": false, "l": "a", "li": ["a", 2], "o": 3})"));
    EXPECT_EQ(errorOf([&] { config.string("s", ""); }), "s must be a string");
    EXPECT_EQ(errorOf([&] { config.boolean("b", false); }), "b must be true or false");
    EXPECT_EQ(errorOf([&] { config.integer("i", 0, 0, 10); }), "i must be an integer");
    EXPECT_EQ(errorOf([&] { config.integer("f", 0, 0, 10); }), "f must be an integer");
    EXPECT_EQ(errorOf([&] { config.integer("t", 0, 0, 10); }), "t must be an integer") << "true is not 1";
    EXPECT_EQ(errorOf([&] { config.number("n", 0, 0, 10); }), "n must be a number");
    EXPECT_EQ(errorOf([&] { config.number("nb", 0, 0, 10); }), "nb must be a number");
    EXPECT_EQ(errorOf([&] { config.strings("l", {}); }), "l must be an array");
    EXPECT_EQ(errorOf([&] { config.strings("li", {}); }), "li[1] must be a string");
    EXPECT_EQ(errorOf([&] { config.section("o"); }), "o must be an object");
    EXPECT_EQ(errorOf([&] { config.sections("o"); }), "o must be an array");
}

TEST(ConfigSection, RangesAreChecked) {
    const ConfigSection config(*parse(R"({"i": 11, "neg": -1, "f": 0.05, "huge": 18446744073709551615, "empty": [""]})"));
    EXPECT_EQ(errorOf([&] { config.integer("i", 0, 0, 10); }), "i must be between 0 and 10");
    EXPECT_EQ(errorOf([&] { config.integer("neg", 0, 0, 10); }), "neg must be between 0 and 10");
    EXPECT_EQ(errorOf([&] { config.integer("huge", 0, 0, 10); }), "huge must be between 0 and 10");
    EXPECT_EQ(errorOf([&] { config.number("f", 1, 0.1, 2); }), "f must be between 0.1 and 2");
    EXPECT_EQ(errorOf([&] { config.strings("empty", {}, true); }), "empty[0] must not be empty");
    EXPECT_EQ(config.strings("empty", {}), std::vector<std::string>{""});
}

TEST(ConfigSection, NestedSectionsCarryTheirPathAndThePrefix) {
    const ConfigSection root(parse(R"({"limits": {"maxChunkSze": 1, "bad": "x"}, "list": [{"id": 1}, 3]})"), "",
                             "site.json: ");
    const ConfigSection limits = root.section("limits");
    EXPECT_EQ(errorOf([&] { limits.allowOnly({"maxChunkSize", "bad"}); }),
              R"(site.json: limits.maxChunkSze is not a known setting (did you mean "maxChunkSize"?))");
    EXPECT_EQ(errorOf([&] { limits.integer("bad", 0, 0, 1); }), "site.json: limits.bad must be an integer");
    EXPECT_EQ(errorOf([&] { root.sections("list"); }), "site.json: list[1] must be an object");
    const ConfigSection absent = root.section("tls");
    EXPECT_FALSE(absent.has("port"));
    EXPECT_EQ(absent.integer("port", 1936, 0, 65535), 1936) << "an absent section reads as empty";
    EXPECT_EQ(errorOf([&] { absent.fail("port", "is wrong"); }), "site.json: tls.port is wrong");
    EXPECT_EQ(errorOf([&] { limits.failHere("is wrong"); }), "site.json: limits is wrong");
}

TEST(ConfigSection, ErrorsAreInvalidArgumentForCallersThatCatchThat) {
    const ConfigSection config(*parse(R"({"x": 1})"));
    EXPECT_THROW(config.allowOnly({}), std::invalid_argument);
}
