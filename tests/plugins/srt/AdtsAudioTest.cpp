#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "AdtsAudio.h"
#include "sockstream/codec/AudioSpecificConfig.h"

using sockstream::srt::splitAdts;

namespace {

// An ADTS header for AAC-LC, `rateIndex`, `channels`, with `payload` bytes, no CRC.
std::string frame(int rateIndex, int channels, const std::string& payload) {
    const std::size_t length = payload.size() + 7;
    std::string out;
    out.push_back(static_cast<char>(0xFF));
    out.push_back(static_cast<char>(0xF1));
    out.push_back(static_cast<char>((1 << 6) | (rateIndex << 2) | (channels >> 2)));
    out.push_back(static_cast<char>(((channels & 3) << 6) | ((length >> 11) & 3)));
    out.push_back(static_cast<char>((length >> 3) & 0xFF));
    out.push_back(static_cast<char>(((length & 7) << 5) | 0x1F));
    out.push_back(static_cast<char>(0xFC));
    return out + payload;
}

}  // namespace

TEST(AdtsAudioTest, SplitsFramesAndDescribesThem) {
    // The frames are views into the input: it must outlive them.
    const std::string input = frame(3, 2, "abc") + frame(3, 2, "defg");
    const auto frames = splitAdts(input);
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_EQ(frames[0].payload, "abc");
    EXPECT_EQ(frames[1].payload, "defg");
    EXPECT_EQ(frames[0].sampleRate, 48000);
    EXPECT_EQ(frames[0].channels, 2);
    const auto config = sockstream::codec::AudioSpecificConfig::parse(frames[0].audioSpecificConfig);
    EXPECT_EQ(config.objectType, 2);
    EXPECT_EQ(config.sampleRate, 48000);
    EXPECT_EQ(config.channels, 2);
    EXPECT_EQ(config.codecString(), "mp4a.40.2");
}

TEST(AdtsAudioTest, MalformedFramesAreRefused) {
    const std::string good = frame(4, 1, "xyz");
    EXPECT_THROW(splitAdts(good.substr(0, 5)), std::invalid_argument);           // truncated header
    EXPECT_THROW(splitAdts(good.substr(0, good.size() - 1)), std::invalid_argument);  // frame longer than data
    EXPECT_THROW(splitAdts("\x12\x34" + good.substr(2)), std::invalid_argument);  // no syncword
    EXPECT_THROW(splitAdts(frame(13, 2, "abc")), std::invalid_argument);         // reserved rate index
    std::string empty = frame(4, 1, "");
    EXPECT_THROW(splitAdts(empty), std::invalid_argument);                        // length == header
    std::string blocks = good;
    blocks[6] = static_cast<char>(0xFD);  // two raw data blocks
    EXPECT_THROW(splitAdts(blocks), std::invalid_argument);
    EXPECT_THROW(splitAdts(good + "\xff"), std::invalid_argument);                // trailing garbage
}
