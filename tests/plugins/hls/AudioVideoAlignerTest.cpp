#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

#include "AudioVideoAligner.h"

namespace sockstream::hls::test {
namespace {

constexpr int kVideo = 0;
constexpr int kAudio = 1;
constexpr std::int64_t kWaitMs = 1000;
constexpr std::int64_t kJumpMs = 5000;

MediaPacket packet(int track, std::int64_t dtsMs, std::int64_t ptsMs, bool keyframe = false) {
    MediaPacket p;
    p.trackId = track;
    p.dts = MediaTime::fromMilliseconds(dtsMs);
    p.pts = MediaTime::fromMilliseconds(ptsMs);
    p.keyframe = keyframe;
    p.data = std::make_shared<const std::string>("x");
    return p;
}

/// What an RTMP ingest of OBS's defaults delivers: 30 fps video with 2
/// B-frames (decode order I P B B P B B …, shown 2 frames after decoding), AAC
/// frames of 1024 samples at 48 kHz, both in whole milliseconds, interleaved
/// by decode time (audio first on a tie, as FFmpeg's FLV muxer does).
std::vector<MediaPacket> obsLikeIngest(int frames, int gopFrames = 250) {
    std::vector<MediaPacket> video;
    for (int i = 0; i < frames; ++i) {
        // Display index of the i-th frame in decode order: 0, 3, 1, 2, 6, 4, 5, …
        int display = i == 0 ? 0 : (i % 3 == 1 ? i + 2 : i - 1);
        std::int64_t dts = (i * 1000 + 15) / 30;
        std::int64_t pts = (display * 1000 + 15) / 30 + 67;
        video.push_back(packet(kVideo, dts, pts, i % gopFrames == 0));
    }
    std::vector<MediaPacket> all;
    std::int64_t end = video.back().dts.milliseconds();
    std::size_t v = 0;
    for (int a = 0;; ++a) {
        std::int64_t dts = (a * 1024LL * 1000 + 24000) / 48000;
        if (dts > end) break;
        while (v < video.size() && video[v].dts.milliseconds() < dts) all.push_back(video[v++]);
        all.push_back(packet(kAudio, dts, dts));
    }
    while (v < video.size()) all.push_back(video[v++]);
    return all;
}

std::vector<MediaPacket> runThrough(AudioVideoAligner& aligner, const std::vector<MediaPacket>& in,
                                    std::size_t* mostWaiting = nullptr) {
    std::vector<MediaPacket> out;
    auto emit = [&](const MediaPacket& p) { out.push_back(p); };
    for (const auto& p : in) {
        aligner.push(p, emit);
        if (mostWaiting) *mostWaiting = std::max(*mostWaiting, aligner.waiting());
    }
    aligner.drain(emit);
    return out;
}

std::vector<std::int64_t> dtsOf(const std::vector<MediaPacket>& packets, int track) {
    std::vector<std::int64_t> values;
    for (const auto& p : packets)
        if (p.trackId == track) values.push_back(p.dts.milliseconds());
    return values;
}

TEST(AudioVideoAlignerTest, WithoutALeadVideoTrackPacketsPassStraightThrough) {
    AudioVideoAligner aligner(kWaitMs, kJumpMs);
    aligner.reset(-1);
    auto in = obsLikeIngest(60);
    std::vector<MediaPacket> out;
    for (const auto& p : in) {
        aligner.push(p, [&](const MediaPacket& e) { out.push_back(e); });
        EXPECT_EQ(aligner.waiting(), 0u);
    }
    ASSERT_EQ(out.size(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) EXPECT_EQ(out[i].dts, in[i].dts);
}

TEST(AudioVideoAlignerTest, AudioBeforeEachCutReachesThePresentationEndOfTheVideoBeforeIt) {
    AudioVideoAligner aligner(kWaitMs, kJumpMs);
    aligner.reset(kVideo);
    auto in = obsLikeIngest(300);
    std::size_t mostWaiting = 0;
    auto out = runThrough(aligner, in, &mostWaiting);

    ASSERT_EQ(out.size(), in.size()) << "nothing is lost or duplicated";
    EXPECT_EQ(dtsOf(out, kVideo), dtsOf(in, kVideo)) << "video keeps its order";
    EXPECT_EQ(dtsOf(out, kAudio), dtsOf(in, kAudio)) << "audio keeps its order";
    // About 0.1 s of media waits at most (the B-frame delay and one audio frame).
    EXPECT_LE(mostWaiting, 10u);

    // The Segmenter puts an audio frame into the part that is open when the
    // next audio frame reaches it, and cuts when a video frame a part may start
    // with reaches it. So before each such frame V, the audio frames already
    // written must be exactly those starting before the presentation end of
    // the video before V (2 ms of slack for whole-millisecond timestamps).
    std::int64_t maxPts = -1;
    std::int64_t lastDts = -1;
    std::int64_t step = 0;
    std::vector<std::int64_t> audioSeen;  // audio dts emitted so far
    const std::int64_t lastAudio = dtsOf(in, kAudio).back();
    int cutsChecked = 0;
    for (const auto& p : out) {
        std::int64_t dts = p.dts.milliseconds();
        if (p.trackId == kAudio) {
            audioSeen.push_back(dts);
            continue;
        }
        std::int64_t pts = p.pts.milliseconds();
        bool cuttable = p.keyframe || pts > maxPts;
        std::int64_t end = maxPts + step;
        // (Past the last audio frame there is nothing to wait for.)
        if (cuttable && maxPts >= 0 && audioSeen.size() >= 2 && end + 30 <= lastAudio) {
            // Written into the part before V: every audio frame but the newest one seen.
            std::int64_t lastWritten = audioSeen[audioSeen.size() - 2];
            std::int64_t held = audioSeen.back();
            EXPECT_LT(lastWritten, end + AudioVideoAligner::kMarginMs) << "audio of a later part before the cut at " << dts;
            EXPECT_GE(held, end) << "the part before " << dts << " ends its audio at " << held << " ms, its video at " << end;
            EXPECT_LT(held, end + AudioVideoAligner::kMarginMs + 22) << "more than one audio frame past the video's end";
            ++cutsChecked;
        }
        if (lastDts >= 0) step = dts - lastDts;
        lastDts = dts;
        maxPts = std::max(maxPts, pts);
    }
    EXPECT_GT(cutsChecked, 90);
}

TEST(AudioVideoAlignerTest, VideoDoesNotWaitForAudioThatNeverComes) {
    AudioVideoAligner aligner(kWaitMs, kJumpMs);
    aligner.reset(kVideo);
    std::vector<MediaPacket> out;
    auto emit = [&](const MediaPacket& p) { out.push_back(p); };
    for (const auto& p : obsLikeIngest(90))
        if (p.trackId == kVideo) aligner.push(p, emit);
    EXPECT_EQ(aligner.waiting(), 0u) << "a stream without audio is not held back";
    EXPECT_EQ(out.size(), 90u);

    // Audio that stops: after kWaitMs of video without it, the video goes on.
    AudioVideoAligner stopped(kWaitMs, kJumpMs);
    stopped.reset(kVideo);
    std::vector<MediaPacket> late;
    std::size_t mostWaiting = 0;
    for (const auto& p : obsLikeIngest(300)) {
        if (p.trackId == kAudio && p.dts.milliseconds() > 2000) continue;
        stopped.push(p, [&](const MediaPacket& e) { late.push_back(e); });
        mostWaiting = std::max(mostWaiting, stopped.waiting());
    }
    EXPECT_LE(mostWaiting, 40u) << "at most about kWaitMs of video waits";
    EXPECT_LE(stopped.waiting(), 40u);
}

TEST(AudioVideoAlignerTest, AudioAheadOfTheVideoWaitsForTheCutItBelongsAfter) {
    // An encoder whose audio arrives 0.5 s before the video of the same time.
    auto in = obsLikeIngest(150);
    std::stable_sort(in.begin(), in.end(), [](const MediaPacket& a, const MediaPacket& b) {
        auto arrival = [](const MediaPacket& p) { return p.dts.milliseconds() - (p.trackId == kAudio ? 500 : 0); };
        return arrival(a) < arrival(b);
    });
    AudioVideoAligner aligner(kWaitMs, kJumpMs);
    aligner.reset(kVideo);
    auto out = runThrough(aligner, in);
    ASSERT_EQ(out.size(), in.size());
    // The same rule as above: before each cut, the audio written ends within one frame past the video's end.
    const std::int64_t lastAudio = dtsOf(in, kAudio).back();
    int cutsChecked = 0;
    std::int64_t maxPts = -1;
    std::int64_t lastDts = -1;
    std::int64_t step = 0;
    std::vector<std::int64_t> audioSeen;
    for (const auto& p : out) {
        if (p.trackId == kAudio) {
            audioSeen.push_back(p.dts.milliseconds());
            continue;
        }
        bool cuttable = p.keyframe || p.pts.milliseconds() > maxPts;
        // Audio that came before the first frame belongs to no part (the Segmenter
        // starts with a keyframe), and past the last audio frame nothing is awaited.
        std::int64_t end = maxPts + step;
        if (cuttable && p.dts.milliseconds() >= 1000 && end + 30 <= lastAudio) {
            EXPECT_GE(audioSeen.back(), end) << "cut at " << p.dts.milliseconds();
            EXPECT_LT(audioSeen[audioSeen.size() - 2], end + AudioVideoAligner::kMarginMs) << "cut at " << p.dts.milliseconds();
            ++cutsChecked;
        }
        if (lastDts >= 0) step = p.dts.milliseconds() - lastDts;
        lastDts = p.dts.milliseconds();
        maxPts = std::max(maxPts, p.pts.milliseconds());
    }
    EXPECT_GT(cutsChecked, 30);
}

TEST(AudioVideoAlignerTest, ATimestampJumpDoesNotHoldPacketsBack) {
    AudioVideoAligner aligner(kWaitMs, kJumpMs);
    aligner.reset(kVideo);
    std::vector<MediaPacket> out;
    auto emit = [&](const MediaPacket& p) { out.push_back(p); };
    auto first = obsLikeIngest(90);
    for (const auto& p : first) aligner.push(p, emit);
    // The encoder restarts its clock at 0 (both tracks).
    auto again = obsLikeIngest(90);
    for (const auto& p : again) aligner.push(p, emit);
    EXPECT_LE(aligner.waiting(), 10u) << "the new clock is followed at once";
    aligner.drain(emit);
    EXPECT_EQ(out.size(), first.size() + again.size());
}

}  // namespace
}  // namespace sockstream::hls::test
