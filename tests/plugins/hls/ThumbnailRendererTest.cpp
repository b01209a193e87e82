#include <gtest/gtest.h>

#include "MediaCheck.h"
#include "SegmenterHarness.h"
#include "TestMedia.h"
#include "ThumbnailRenderer.h"

extern "C" {
#include <libavformat/avformat.h>
}

namespace sockstream::hls {
namespace {

TEST(ThumbnailRendererTest, RendersTheLatestKeyframeAsAScaledJpeg) {
    const auto& media = test::TestMedia::h264Aac();
    test::SegmenterHarness harness(SegmenterSettings{}, media.tracks);
    harness.push(media.packets);
    auto keyframe = harness.segmenter.latestKeyframe();
    ASSERT_TRUE(keyframe);
    std::string jpeg = ThumbnailRenderer::render(keyframe->track, *keyframe->data, 160);
    ASSERT_GT(jpeg.size(), 100u);
    EXPECT_EQ(static_cast<unsigned char>(jpeg[0]), 0xFF);
    EXPECT_EQ(static_cast<unsigned char>(jpeg[1]), 0xD8);

    test::TempDir dir;
    std::string path = dir.file("thumb.jpg");
    FILE* file = std::fopen(path.c_str(), "wb");
    std::fwrite(jpeg.data(), 1, jpeg.size(), file);
    std::fclose(file);
    AVFormatContext* format = nullptr;
    ASSERT_EQ(avformat_open_input(&format, path.c_str(), nullptr, nullptr), 0);
    ASSERT_EQ(avformat_find_stream_info(format, nullptr), 0);
    EXPECT_EQ(format->streams[0]->codecpar->width, 160);
    EXPECT_EQ(format->streams[0]->codecpar->height, 120);
    avformat_close_input(&format);
}

TEST(ThumbnailRendererTest, GarbageIsAnErrorNotACrash) {
    const auto& media = test::TestMedia::h264Aac();
    EXPECT_THROW(ThumbnailRenderer::render(media.tracks[0], std::string("\x00\x00\x00\x05garbage", 11)), std::runtime_error);
    TrackInfo audio = media.tracks[1];
    EXPECT_THROW(ThumbnailRenderer::render(audio, "x"), std::runtime_error);
}

}  // namespace
}  // namespace sockstream::hls
