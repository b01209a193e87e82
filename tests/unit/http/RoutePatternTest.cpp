#include <gtest/gtest.h>

#include "http/RoutePattern.h"

namespace sockstream::core {
namespace {

using Params = std::map<std::string, std::string>;

TEST(RoutePattern, LiteralsMatchExactly) {
    RoutePattern pattern("/api/channels");
    EXPECT_EQ(pattern.match("/api/channels"), Params{});
    EXPECT_EQ(pattern.match("/api/channels/"), Params{}) << "a trailing slash is the same path";
    EXPECT_FALSE(pattern.match("/api/channel"));
    EXPECT_FALSE(pattern.match("/api/channels/x"));
    EXPECT_FALSE(pattern.match("/api"));
    EXPECT_FALSE(pattern.match("/API/channels")) << "paths are case-sensitive";
}

TEST(RoutePattern, RootMatchesOnlyRoot) {
    RoutePattern root("/");
    EXPECT_TRUE(root.match("/"));
    EXPECT_FALSE(root.match("/x"));
}

TEST(RoutePattern, ParametersTakeOneSegment) {
    RoutePattern pattern("/api/rooms/{roomId}/stream-key");
    EXPECT_EQ(pattern.match("/api/rooms/abc/stream-key"), (Params{{"roomId", "abc"}}));
    EXPECT_FALSE(pattern.match("/api/rooms/a/b/stream-key"));
    EXPECT_FALSE(pattern.match("/api/rooms//stream-key")) << "an empty segment is no parameter";
    RoutePattern two("/api/{a}/{b}");
    EXPECT_EQ(two.match("/api/1/2"), (Params{{"a", "1"}, {"b", "2"}}));
}

TEST(RoutePattern, RestParameterKeepsInnerSlashes) {
    RoutePattern pattern("/hls/{roomId}/{file...}");
    EXPECT_EQ(pattern.match("/hls/r1/index.m3u8"), (Params{{"roomId", "r1"}, {"file", "index.m3u8"}}));
    EXPECT_EQ(pattern.match("/hls/r1/v/seg-1.m4s"), (Params{{"roomId", "r1"}, {"file", "v/seg-1.m4s"}}));
    EXPECT_FALSE(pattern.match("/hls/r1")) << "the rest must not be empty";
    EXPECT_FALSE(pattern.match("/hls/r1/"));
}

TEST(RoutePattern, MalformedPatternsAreRefused) {
    EXPECT_THROW(RoutePattern(""), std::invalid_argument);
    EXPECT_THROW(RoutePattern("api/x"), std::invalid_argument);
    EXPECT_THROW(RoutePattern("/a/{rest...}/b"), std::invalid_argument);
    EXPECT_THROW(RoutePattern("/a/{}"), std::invalid_argument);
    EXPECT_THROW(RoutePattern("/a/x{id}"), std::invalid_argument);
    EXPECT_THROW(RoutePattern("/a/{id"), std::invalid_argument);
    EXPECT_THROW(RoutePattern("/a/{...}"), std::invalid_argument);
}

TEST(RoutePattern, MatchesAgreesWithMatchOnOddPaths) {
    RoutePattern pattern("/hls/{roomId}/{file...}");
    RoutePattern literal("/api/channels");
    RoutePattern root("/");
    for (const char* path : {"", "/", "//", "/hls", "/hls/", "/hls//r1//a", "///hls/r1/a/", "/hls/r1/a//b",
                             "/api/channels", "/api//channels//", "/api/channels/x", "/apix/channels"}) {
        EXPECT_EQ(pattern.matches(path), pattern.match(path).has_value()) << path;
        EXPECT_EQ(literal.matches(path), literal.match(path).has_value()) << path;
        EXPECT_EQ(root.matches(path), root.match(path).has_value()) << path;
    }
    EXPECT_EQ(pattern.match("/hls//r1//a"), (Params{{"roomId", "r1"}, {"file", "a"}})) << "repeated slashes separate nothing";
    EXPECT_EQ(pattern.match("/hls/r1/a//b"), (Params{{"roomId", "r1"}, {"file", "a//b"}}));
    EXPECT_TRUE(literal.matches("/api//channels//"));
}

TEST(RoutePattern, ExtractReplacesEarlierParameters) {
    RoutePattern pattern("/api/rooms/{roomId}");
    Params params{{"stale", "x"}};
    pattern.extract("/api/rooms/r9", params);
    EXPECT_EQ(params, (Params{{"roomId", "r9"}}));
    RoutePattern("/api/channels").extract("/api/channels", params);
    EXPECT_TRUE(params.empty());
}

TEST(RoutePattern, KeepsItsText) { EXPECT_EQ(RoutePattern("/a/{b}").text(), "/a/{b}"); }

}  // namespace
}  // namespace sockstream::core
