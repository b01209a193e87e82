// AAC to Opus, once per stream: AAC made by ffmpeg is transcoded, the Opus is
// decoded back with libavcodec, and its duration, 48 kHz timeline, pitch,
// loudness and sample alignment are checked.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "AacToOpus.h"
#include "AudioTestMedia.h"
#include "OpusPacketizer.h"
#include "TranscodeError.h"

using namespace sockstream;
using namespace sockstream::webrtc;
using namespace audiotest;

namespace {
constexpr std::int64_t kOpusLookahead = 312;  // libopus at 48 kHz, application "audio"
Decoded decodeOpus(const std::vector<EncodedAudio>& frames) { return decodeFrames(AV_CODEC_ID_OPUS, "", frames); }
}  // namespace

TEST(AacToOpus, Transcodes44kHzAacTo20msOpusOnAnExact48kHzTimelineWithoutDrift) {
    TempDir dir;
    const auto input = makeAac(dir, "sine=frequency=440:sample_rate=44100", 30, 44100, 2);
    ASSERT_EQ(input.sampleRate, 44100);
    ASSERT_GT(input.packets.size(), 1000u);
    AacToOpus transcoder(input.audioSpecificConfig);
    const auto frames = transcode(transcoder, input.packets);
    EXPECT_EQ(transcoder.droppedFrames(), 0u);
    EXPECT_EQ(transcoder.resyncs(), 0u);

    // One continuous run: every packet 960 samples after the one before, the
    // first at the first input time (on 48 kHz) less the encoder's lookahead.
    ASSERT_GT(frames.size(), 1400u);
    EXPECT_EQ(frames.front().pts.rate, 48000);
    EXPECT_EQ(frames.front().pts.ticks, input.packets.front().pts.nearestAt(48000) - kOpusLookahead);
    for (std::size_t i = 0; i < frames.size(); ++i) {
        ASSERT_EQ(frames[i].samples, 960) << i;
        if (i > 0) {
            ASSERT_EQ(frames[i].pts.ticks, frames[i - 1].pts.ticks + 960) << i;
        }
    }
    // No drift after 30 s of millisecond-rounded input: the audio (the last
    // packet is the encoder's drained lookahead, 312 samples before its end)
    // ends where the input's last frame ends, padded to a whole frame; the
    // millisecond rounding of that last timestamp is worth up to 48 samples.
    const std::int64_t inputEnd = input.packets.back().pts.nearestAt(48000) + 1024 * 48000 / 44100;
    const std::int64_t audioEnd = frames.back().pts.ticks + kOpusLookahead;
    EXPECT_GE(audioEnd, inputEnd - 48);
    EXPECT_LE(audioEnd, inputEnd + 960 + 48);

    // Decoded back: as long as the input (plus lookahead and padding), a 440 Hz tone.
    const auto decoded = decodeOpus(frames);
    EXPECT_EQ(decoded.channels, 2);
    EXPECT_EQ(decoded.left.size(), frames.size() * 960);
    const double inputSeconds = double(input.packets.size()) * 1024 / 44100;
    EXPECT_GE(double(decoded.left.size()) / 48000.0, inputSeconds);
    EXPECT_LE(double(decoded.left.size()) / 48000.0, inputSeconds + 0.050);
    const std::size_t middle = decoded.left.size() / 2;
    EXPECT_GT(rms(decoded.left, middle, middle + 48000), 0.06);  // lavfi's sine: amplitude 1/8, RMS 0.088
    EXPECT_NEAR(frequency(decoded.left, middle, middle + 5 * 48000), 440.0, 2.0);
}

TEST(AacToOpus, EncodesAtComplexityFiveByDefaultAndEveryComplexityKeepsDurationAndTone) {
    // libopus is deterministic, so the packets show which complexity the
    // encoder was opened with: the default's are complexity 5's, not 10's.
    TempDir dir;
    const auto input = makeAac(dir, "sine=frequency=440:sample_rate=48000", 3, 48000, 2);
    const auto encodeAt = [&](std::optional<int> complexity) {
        AacToOpus::Options options;
        if (complexity) options.complexity = *complexity;
        AacToOpus transcoder(input.audioSpecificConfig, options);
        return transcode(transcoder, input.packets);
    };
    const auto bytesOf = [](const std::vector<EncodedAudio>& frames) {
        std::string all;
        for (const auto& frame : frames) all += frame.data;
        return all;
    };
    const auto byDefault = encodeAt(std::nullopt);
    const auto atFive = encodeAt(5);
    const auto atTen = encodeAt(10);
    EXPECT_EQ(bytesOf(byDefault), bytesOf(atFive));
    EXPECT_NE(bytesOf(atFive), bytesOf(atTen));

    const double inputSeconds = double(input.packets.size()) * 1024 / 48000;
    for (const int complexity : {0, 5, 10}) {
        const auto frames = encodeAt(complexity);
        ASSERT_FALSE(frames.empty()) << complexity;
        // The lookahead does not depend on the complexity: the same timeline.
        EXPECT_EQ(frames.front().pts.ticks, input.packets.front().pts.nearestAt(48000) - kOpusLookahead) << complexity;
        const auto decoded = decodeOpus(frames);
        EXPECT_EQ(decoded.left.size(), frames.size() * 960) << complexity;
        EXPECT_GE(double(decoded.left.size()) / 48000.0, inputSeconds) << complexity;
        EXPECT_LE(double(decoded.left.size()) / 48000.0, inputSeconds + 0.050) << complexity;
        const std::size_t middle = decoded.left.size() / 2;
        EXPECT_GT(rms(decoded.left, middle - 24000, middle + 24000), 0.06) << complexity;
        EXPECT_NEAR(frequency(decoded.left, middle - 24000, middle + 24000), 440.0, 2.0) << complexity;
    }
}

TEST(AacToOpus, PlaysEveryInputSampleAtItsOwnTime) {
    // Silence, then a 1 kHz tone from exactly 1.5 s: the onset must land at the
    // same time in the AAC input and in the decoded Opus (RTP time = packet pts + sample index).
    TempDir dir;
    const auto input = makeAac(dir, "aevalsrc=if(gte(t\\,1.5)\\,0.5*sin(2*PI*1000*t)\\,0):s=44100", 3, 44100, 1);
    AacToOpus transcoder(input.audioSpecificConfig);
    const auto decoded = decodeOpus(transcode(transcoder, input.packets));

    const double aacOnset = onsetSeconds(input);
    const double opusOnset = onsetSeconds(decoded);
    ASSERT_GT(aacOnset, 1.0);
    ASSERT_GT(opusOnset, 1.0);
    EXPECT_NEAR(opusOnset, aacOnset, 0.002) << "AAC onset " << aacOnset << " s, Opus onset " << opusOnset << " s";
}

TEST(AacToOpus, StartsANewRunAfterATimeJumpAndThePacketizerMarksIt) {
    TempDir dir;
    auto input = makeAac(dir, "sine=frequency=440:sample_rate=48000", 6, 48000, 1);
    // The encoder lost a second of audio: frames from 2 s to 3 s never arrive.
    std::vector<AacPacket> packets;
    for (const auto& packet : input.packets)
        if (packet.pts.ticks < 2000 || packet.pts.ticks >= 3000) packets.push_back(packet);
    const MediaTime afterGap = [&] {
        for (const auto& packet : packets) if (packet.pts.ticks >= 3000) return packet.pts;
        return MediaTime{};
    }();
    AacToOpus transcoder(input.audioSpecificConfig);
    const auto frames = transcode(transcoder, packets);
    EXPECT_EQ(transcoder.resyncs(), 1u);

    RtpStreamParameters parameters;
    parameters.payloadType = 111;
    OpusPacketizer packetizer(parameters);
    std::vector<std::size_t> marked;
    std::vector<std::size_t> jumps;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const std::string packet = packetizer.packetize(frames[i].data, frames[i].pts);
        if (static_cast<unsigned char>(packet[1]) & 0x80) marked.push_back(i);
        if (i > 0 && frames[i].pts.ticks != frames[i - 1].pts.ticks + 960) jumps.push_back(i);
    }
    ASSERT_EQ(jumps.size(), 1u);
    EXPECT_EQ(marked, (std::vector<std::size_t>{0, jumps[0]}));
    // The new run starts at the input's time after the gap, exactly.
    EXPECT_EQ(frames[jumps[0]].pts.ticks, afterGap.nearestAt(48000) - kOpusLookahead);
}

TEST(AacToOpus, MixesMonoToTheConfiguredChannels) {
    TempDir dir;
    const auto input = makeAac(dir, "sine=frequency=1000:sample_rate=48000", 2, 48000, 1);
    AacToOpus::Options options;
    options.channels = 1;
    options.bitrate = 32000;
    AacToOpus mono(input.audioSpecificConfig, options);
    const auto frames = transcode(mono, input.packets);
    ASSERT_FALSE(frames.empty());
    // TOC byte bit 2 is the stereo flag (RFC 6716 3.1).
    for (const auto& frame : frames) ASSERT_EQ(static_cast<unsigned char>(frame.data[0]) & 0x4, 0);
    AacToOpus stereo(input.audioSpecificConfig);
    const auto stereoFrames = transcode(stereo, input.packets);
    const auto decoded = decodeOpus(stereoFrames);
    EXPECT_GT(rms(decoded.left, 24000, 72000), 0.06);
    EXPECT_NEAR(frequency(decoded.left, 24000, 72000), 1000.0, 5.0);
}

TEST(AacToOpus, DropsFramesItCannotDecodeAndKeepsGoing) {
    TempDir dir;
    const auto input = makeAac(dir, "sine=frequency=440:sample_rate=44100", 1, 44100, 2);
    AacToOpus transcoder(input.audioSpecificConfig);
    std::size_t produced = 0;
    for (std::size_t i = 0; i < input.packets.size(); ++i) {
        if (i == 10) {
            EXPECT_TRUE(transcoder.push(std::string(70 * 1024, '\x21'), input.packets[i].pts).empty());  // over the limit
            EXPECT_TRUE(transcoder.push("", input.packets[i].pts).empty());
            (void)transcoder.push(std::string(300, '\xff'), input.packets[i].pts);  // garbage: refused or decoded, never fatal
        }
        produced += transcoder.push(input.packets[i].data, input.packets[i].pts).size();
    }
    EXPECT_GE(transcoder.droppedFrames(), 2u);
    EXPECT_GT(produced, 40u);
    (void)transcoder.flush();
    EXPECT_THROW(transcoder.push(input.packets[0].data, input.packets[0].pts), TranscodeError);
}

TEST(AacToOpus, RefusesAMalformedConfigAndImpossibleOptions) {
    EXPECT_THROW(AacToOpus(std::string()), TranscodeError);
    EXPECT_THROW(AacToOpus(std::string("\x00\x00", 2)), TranscodeError);  // object type 0
    EXPECT_THROW(AacToOpus(std::string("\x16\x90", 2)), TranscodeError);  // reserved sample rate index 13
    AacToOpus::Options options;
    options.channels = 3;
    EXPECT_THROW(AacToOpus(std::string("\x12\x10", 2), options), TranscodeError);
    for (const int complexity : {-1, 11}) {
        AacToOpus::Options badComplexity;
        badComplexity.complexity = complexity;
        EXPECT_THROW(AacToOpus(std::string("\x12\x10", 2), badComplexity), TranscodeError) << complexity;
    }
    EXPECT_NO_THROW(AacToOpus(std::string("\x12\x10", 2)));  // AAC-LC 44.1 kHz stereo
}

TEST(AacToOpus, DownmixesFiveOneToStereoAndTakesAnyInputClock) {
    TempDir dir;
    auto input = makeAac(dir, "sine=frequency=440:sample_rate=48000", 2, 48000, 6);
    // The same stream on a 90 kHz clock (as MPEG-TS would carry it): the same Opus times.
    for (auto& packet : input.packets) packet.pts = packet.pts.at(90000);
    AacToOpus transcoder(input.audioSpecificConfig);
    const auto frames = transcode(transcoder, input.packets);
    ASSERT_GT(frames.size(), 90u);
    EXPECT_EQ(frames.front().pts.ticks, input.packets.front().pts.nearestAt(48000) - kOpusLookahead);
    for (const auto& frame : frames) ASSERT_NE(static_cast<unsigned char>(frame.data[0]) & 0x4, 0);  // stereo TOC
    const auto decoded = decodeOpus(frames);
    EXPECT_GT(rms(decoded.left, 24000, 72000), 0.03);
    EXPECT_NEAR(frequency(decoded.left, 24000, 72000), 440.0, 5.0);
}
