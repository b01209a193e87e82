// Opus to AAC for WHIP ingest: Opus made from ffmpeg's AAC by AacToOpus (the
// packets a browser would send) becomes AAC-LC again; decoded with its own
// AudioSpecificConfig it keeps the tone, the duration, a 1024-sample timeline
// and every sample at its own time.
#include <gtest/gtest.h>

#include "AacToOpus.h"
#include "AudioTestMedia.h"
#include "OpusToAac.h"
#include "TranscodeError.h"
#include "sockstream/codec/AudioSpecificConfig.h"

using namespace sockstream;
using namespace sockstream::webrtc;
using namespace audiotest;

namespace {
constexpr std::int64_t kAacPriming = 1024;  // FFmpeg's AAC encoder

std::vector<EncodedAudio> toOpus(const AacStream& input) {
    AacToOpus transcoder(input.audioSpecificConfig);
    return transcode(transcoder, input.packets);
}

std::vector<EncodedAudio> toAac(OpusToAac& transcoder, const std::vector<EncodedAudio>& opus) {
    std::vector<EncodedAudio> out;
    for (const auto& packet : opus)
        for (auto& frame : transcoder.push(packet.data, packet.pts)) out.push_back(std::move(frame));
    for (auto& frame : transcoder.flush()) out.push_back(std::move(frame));
    return out;
}
}  // namespace

TEST(OpusToAac, MakesAacLcOnAContinuous48kHzTimelineThatDecodesToTheTone) {
    TempDir dir;
    const auto opus = toOpus(makeAac(dir, "sine=frequency=440:sample_rate=48000", 10, 48000, 2));
    ASSERT_GT(opus.size(), 400u);
    OpusToAac transcoder;
    const auto aac = toAac(transcoder, opus);
    EXPECT_EQ(transcoder.droppedFrames(), 0u);
    EXPECT_EQ(transcoder.resyncs(), 0u);

    const auto config = codec::AudioSpecificConfig::parse(transcoder.encoderConfig());
    EXPECT_EQ(config.objectType, 2);  // AAC-LC
    EXPECT_EQ(config.sampleRate, 48000);
    EXPECT_EQ(config.channels, 2);

    ASSERT_GT(aac.size(), 400u);
    EXPECT_EQ(aac.front().pts.rate, 48000);
    EXPECT_EQ(aac.front().pts.ticks, opus.front().pts.ticks - kAacPriming);
    for (std::size_t i = 0; i < aac.size(); ++i) {
        ASSERT_EQ(aac[i].samples, 1024) << i;
        if (i > 0) {
            ASSERT_EQ(aac[i].pts.ticks, aac[i - 1].pts.ticks + 1024) << i;
        }
    }
    const auto decoded = decodeFrames(AV_CODEC_ID_AAC, transcoder.encoderConfig(), aac);
    EXPECT_EQ(decoded.left.size(), aac.size() * 1024);
    const double opusSeconds = double(opus.size()) * 960 / 48000;
    EXPECT_NEAR(double(decoded.left.size()) / 48000.0, opusSeconds, 0.05);
    const std::size_t middle = decoded.left.size() / 2;
    EXPECT_GT(rms(decoded.left, middle, middle + 48000), 0.06);
    EXPECT_NEAR(frequency(decoded.left, middle, middle + 5 * 48000), 440.0, 2.0);
}

TEST(OpusToAac, KeepsEverySampleAtItsOwnTimeThroughBothTranscoders) {
    TempDir dir;
    const auto input = makeAac(dir, "aevalsrc=if(gte(t\\,1.5)\\,0.5*sin(2*PI*1000*t)\\,0):s=44100", 3, 44100, 1);
    OpusToAac transcoder;
    const auto aac = toAac(transcoder, toOpus(input));
    const auto back = decodeFrames(AV_CODEC_ID_AAC, transcoder.encoderConfig(), aac);
    const double aacOnset = onsetSeconds(input);
    const double backOnset = onsetSeconds(back);
    ASSERT_GT(aacOnset, 1.0);
    EXPECT_NEAR(backOnset, aacOnset, 0.003) << "input onset " << aacOnset << " s, after AAC -> Opus -> AAC " << backOnset << " s";
}

TEST(OpusToAac, ASilenceGapStartsANewRunAtTheInputsTime) {
    TempDir dir;
    auto opus = toOpus(makeAac(dir, "sine=frequency=440:sample_rate=48000", 4, 48000, 1));
    // DTX or loss: half a second of packets never arrives.
    std::vector<EncodedAudio> gapped;
    std::int64_t afterGap = 0;
    for (auto& packet : opus) {
        const std::int64_t ms = packet.pts.ticks / 48;
        if (ms >= 1000 && ms < 1500) continue;
        if (ms >= 1500 && afterGap == 0) afterGap = packet.pts.ticks;
        gapped.push_back(std::move(packet));
    }
    OpusToAac transcoder;
    const auto aac = toAac(transcoder, gapped);
    EXPECT_EQ(transcoder.resyncs(), 1u);
    std::vector<std::size_t> jumps;
    for (std::size_t i = 1; i < aac.size(); ++i)
        if (aac[i].pts.ticks != aac[i - 1].pts.ticks + 1024) jumps.push_back(i);
    ASSERT_EQ(jumps.size(), 1u);
    EXPECT_EQ(aac[jumps[0]].pts.ticks, afterGap - kAacPriming);
}

TEST(OpusToAac, DropsWhatTheOpusDecoderRefuses) {
    TempDir dir;
    const auto opus = toOpus(makeAac(dir, "sine=frequency=440:sample_rate=48000", 1, 48000, 1));
    OpusToAac transcoder;
    std::size_t produced = 0;
    for (std::size_t i = 0; i < opus.size(); ++i) {
        if (i == 10) {
            (void)transcoder.push(std::string("\x03\x00", 2), opus[i].pts);  // code 3 with no frames
            (void)transcoder.push("", opus[i].pts);
        }
        produced += transcoder.push(opus[i].data, opus[i].pts).size();
    }
    EXPECT_GE(transcoder.droppedFrames(), 2u);
    EXPECT_GT(produced, 40u);
    OpusToAac::Options options;
    options.channels = 6;
    EXPECT_THROW(OpusToAac{options}, TranscodeError);
}

TEST(OpusToAac, TimestampsJumpingOnEveryPacketCostOneNewRunASecondAtMost) {
    TempDir dir;
    auto opus = toOpus(makeAac(dir, "sine=frequency=440:sample_rate=48000", 5, 48000, 1));
    // A hostile publisher: every other packet claims to be 10 s later.
    for (std::size_t i = 1; i < opus.size(); i += 2) opus[i].pts = opus[i].pts.plusTicks(480000);
    OpusToAac transcoder;
    const auto aac = toAac(transcoder, opus);
    EXPECT_LE(transcoder.resyncs(), 5u);
    for (std::size_t i = 1; i < aac.size(); ++i) ASSERT_GT(aac[i].pts.ticks, aac[i - 1].pts.ticks) << i;  // still forward only
}
