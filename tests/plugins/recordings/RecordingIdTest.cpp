#include <gtest/gtest.h>

#include <set>

#include "RecordingId.h"

using namespace sockstream::recordings;

TEST(RecordingId, NewIdsAreTwentyLowerCaseHexDigitsAndDiffer) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const std::string id = newRecordingId();
        EXPECT_TRUE(isRecordingId(id)) << id;
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 100u);
}

TEST(RecordingId, RefusesEverythingElse) {
    EXPECT_TRUE(isRecordingId("0123456789abcdef0123"));
    for (const char* bad : {"", "0123456789abcdef012", "0123456789abcdef01234", "0123456789ABCDEF0123",
                            "../3456789abcdef0123", "0123456789abcdef012/", "0123456789abcdef012.",
                            "0123456789abcdef012g", "0123456789abcdef012%", " 123456789abcdef0123"})
        EXPECT_FALSE(isRecordingId(bad)) << bad;
    EXPECT_FALSE(isRecordingId(std::string("0123456789abcdef012\0", 20)));
}

TEST(MediaFile, KnownNamesOnly) {
    EXPECT_EQ(parseMediaFile("index.m3u8")->kind, MediaFile::Kind::Playlist);
    EXPECT_EQ(parseMediaFile("init.mp4")->kind, MediaFile::Kind::Init);
    EXPECT_EQ(parseMediaFile("poster.jpg")->kind, MediaFile::Kind::Poster);
    EXPECT_EQ(parseMediaFile("download.mp4")->kind, MediaFile::Kind::Download);
    auto segment = parseMediaFile("42.m4s");
    ASSERT_TRUE(segment);
    EXPECT_EQ(segment->kind, MediaFile::Kind::Segment);
    EXPECT_EQ(segment->segment, 42);
    EXPECT_EQ(parseMediaFile("0.m4s")->segment, 0);
    EXPECT_EQ(parseMediaFile("123456789.m4s")->segment, 123456789);
}

TEST(MediaFile, RefusesTricks) {
    for (const char* bad : {"", ".m4s", "-1.m4s", "+1.m4s", "01.m4s", "1.M4S", "1.m4s/", "../1.m4s", "1 .m4s",
                            "1234567890.m4s", "media.mp4", "index.m3u8/", "INDEX.m3u8", "poster.jpg.", "1.m4s.m4s",
                            "0x1.m4s", "1e3.m4s"})
        EXPECT_FALSE(parseMediaFile(bad)) << bad;
}
