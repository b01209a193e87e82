#include <gtest/gtest.h>

#include "StreamMetadata.h"

using namespace sockstream::rtmp;
using sockstream::Codec;

TEST(StreamMetadata, ReadsWhatObsAndFfmpegAnnounce) {
    Amf0Value meta = Amf0Value::ecmaArray();
    meta.set("width", Amf0Value::number(1920));
    meta.set("height", Amf0Value::number(1080));
    meta.set("framerate", Amf0Value::number(30));
    meta.set("videocodecid", Amf0Value::number(7));
    meta.set("videodatarate", Amf0Value::number(2500));
    meta.set("audiocodecid", Amf0Value::number(10));
    meta.set("audiosamplerate", Amf0Value::number(48000));
    meta.set("stereo", Amf0Value::boolean(true));
    meta.set("encoder", Amf0Value::string("obs-output module (libobs version 30.0.0)"));
    const auto m = StreamMetadata::fromAmf(meta);
    EXPECT_TRUE(m.hasVideo);
    EXPECT_TRUE(m.hasAudio);
    EXPECT_EQ(m.videoCodec, Codec::H264);
    EXPECT_EQ(m.audioCodec, Codec::AAC);
    EXPECT_EQ(m.width, 1920);
    EXPECT_EQ(m.frameRate, 30);
    EXPECT_EQ(m.channels, 2);
    EXPECT_EQ(m.sampleRate, 48000);
    EXPECT_EQ(m.encoder, "obs-output module (libobs version 30.0.0)");
}

TEST(StreamMetadata, ReadsEnhancedRtmpFourCcCodecIds) {
    Amf0Value meta = Amf0Value::object();
    meta.set("videocodecid", Amf0Value::number(double(('h' << 24) | ('v' << 16) | ('c' << 8) | '1')));
    auto m = StreamMetadata::fromAmf(meta);
    EXPECT_EQ(m.videoCodec, Codec::HEVC);
    EXPECT_FALSE(m.hasAudio);
    meta = Amf0Value::object();
    meta.set("videocodecid", Amf0Value::string("av01"));
    EXPECT_EQ(StreamMetadata::fromAmf(meta).videoCodec, Codec::AV1);
}

TEST(StreamMetadata, IgnoresNonsenseValues) {
    Amf0Value meta = Amf0Value::object();
    meta.set("width", Amf0Value::number(-5));
    meta.set("height", Amf0Value::number(1e300));
    meta.set("framerate", Amf0Value::number(0.0 / 0.0));
    meta.set("encoder", Amf0Value::number(3));
    const auto m = StreamMetadata::fromAmf(meta);
    EXPECT_EQ(m.width, 0);
    EXPECT_EQ(m.height, 0);
    EXPECT_EQ(m.frameRate, 0);
    EXPECT_EQ(m.encoder, "");
    EXPECT_FALSE(StreamMetadata::fromAmf(Amf0Value::number(1)).hasVideo);
}
