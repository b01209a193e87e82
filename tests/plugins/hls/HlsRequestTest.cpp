#include <gtest/gtest.h>

#include "HlsRequest.h"

namespace sockstream::hls {
namespace {

TEST(HlsRequestTest, NamesEveryResource) {
    auto index = HlsRequest::parseResource("index.m3u8");
    ASSERT_TRUE(index.ok());
    EXPECT_EQ(index.value.kind, ResourceKind::Multivariant);
    EXPECT_EQ(HlsRequest::parseResource("media.m3u8").value.kind, ResourceKind::MediaPlaylist);

    auto part = HlsRequest::parseResource("part-ab12-42-3.m4s");
    ASSERT_TRUE(part.ok());
    EXPECT_EQ(part.value.kind, ResourceKind::Part);
    EXPECT_EQ(part.value.generation, "ab12");
    EXPECT_EQ(part.value.number, 42);
    EXPECT_EQ(part.value.part, 3);

    auto segment = HlsRequest::parseResource("seg-ab12-7.ts");
    ASSERT_TRUE(segment.ok());
    EXPECT_EQ(segment.value.kind, ResourceKind::Segment);
    EXPECT_EQ(segment.value.extension, "ts");
    EXPECT_EQ(HlsRequest::parseResource("seg-ab12-7.m4s").value.extension, "m4s");

    auto init = HlsRequest::parseResource("init-ab12-0.mp4");
    ASSERT_TRUE(init.ok());
    EXPECT_EQ(init.value.kind, ResourceKind::Init);
}

TEST(HlsRequestTest, WriterNamesParseBack) {
    auto part = HlsRequest::parseResource(HlsRequest::partName("z9", 123456789, 17));
    ASSERT_TRUE(part.ok());
    EXPECT_EQ(part.value.number, 123456789);
    EXPECT_EQ(part.value.part, 17);
    EXPECT_TRUE(HlsRequest::parseResource(HlsRequest::segmentName("z9", 0, "ts")).ok());
    EXPECT_TRUE(HlsRequest::parseResource(HlsRequest::initName("z9", 4)).ok());
}

TEST(HlsRequestTest, TraversalAndSeparatorsAreBadRequests) {
    for (const char* name : {"../secret", "..", "a/b.ts", "seg-ab-1.ts/..", "..%2f", "a\\b"}) {
        EXPECT_EQ(HlsRequest::parseResource(name).status, ParseStatus::BadRequest) << name;
    }
    EXPECT_EQ(HlsRequest::parseResource(std::string("seg-a-1.ts\0x", 12)).status, ParseStatus::BadRequest);
}

TEST(HlsRequestTest, UnknownOrMalformedNamesAreNotFound) {
    for (const char* name : {"", "index.m3u", "seg-ab-1.mp4", "seg-AB-1.ts", "seg--1.ts", "seg-ab-.ts", "seg-ab--1.ts",
                             "seg-ab-+1.ts", "seg-ab-1 .ts", "seg-ab-99999999999999999999.ts", "seg-ab-1-2.ts",
                             "part-ab-1.m4s", "part-ab-1-99999.m4s", "part-ab-1-x.m4s", "init-ab-1.m4s",
                             "seg-abcdefghijklmnopq-1.ts", "other-ab-1.ts", "seg-ab-1"}) {
        EXPECT_EQ(HlsRequest::parseResource(name).status, ParseStatus::NotFound) << name;
    }
    EXPECT_EQ(HlsRequest::parseResource(std::string(500, 'a')).status, ParseStatus::NotFound);
}

TEST(HlsRequestTest, ReloadDirectives) {
    auto none = HlsRequest::parseDirective(std::nullopt, std::nullopt);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none.value.blocking());

    auto both = HlsRequest::parseDirective(std::string("12"), std::string("3"));
    ASSERT_TRUE(both.ok());
    EXPECT_EQ(*both.value.msn, 12);
    EXPECT_EQ(*both.value.part, 3);

    auto msnOnly = HlsRequest::parseDirective(std::string("0"), std::nullopt);
    ASSERT_TRUE(msnOnly.ok());
    EXPECT_FALSE(msnOnly.value.part.has_value());
}

TEST(HlsRequestTest, MalformedDirectivesAreBadRequests) {
    for (const char* msn : {"", "-1", "+1", " 1", "1 ", "1e5", "0x10", "abc", "1.5", "9999999999999999", "１"}) {
        EXPECT_EQ(HlsRequest::parseDirective(std::string(msn), std::nullopt).status, ParseStatus::BadRequest) << msn;
    }
    for (const char* part : {"", "-1", "10000", "x", "2 "}) {
        EXPECT_EQ(HlsRequest::parseDirective(std::string("1"), std::string(part)).status, ParseStatus::BadRequest) << part;
    }
    EXPECT_EQ(HlsRequest::parseDirective(std::nullopt, std::string("1")).status, ParseStatus::BadRequest);
    EXPECT_TRUE(HlsRequest::parseDirective(std::string("999999999999999"), std::string("9999")).ok());
}

TEST(HlsRequestTest, RoomIds) {
    EXPECT_TRUE(HlsRequest::isValidRoomId("r_Ab-12"));
    EXPECT_FALSE(HlsRequest::isValidRoomId(""));
    EXPECT_FALSE(HlsRequest::isValidRoomId("a.b"));
    EXPECT_FALSE(HlsRequest::isValidRoomId("a/b"));
    EXPECT_FALSE(HlsRequest::isValidRoomId(std::string(65, 'a')));
    EXPECT_TRUE(HlsRequest::isValidRoomId(std::string(64, 'a')));
}

}  // namespace
}  // namespace sockstream::hls
