#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "AudioVideoAligner.h"
#include "MediaCheck.h"
#include "PlaylistParser.h"
#include "PlaylistWriter.h"
#include "SegmenterHarness.h"
#include "TestMedia.h"

namespace sockstream::hls::test {
namespace {

SegmenterSettings lowLatencySettings() {
    SegmenterSettings settings;
    settings.lowLatency = true;
    settings.targetDurationMs = 2000;
    settings.partTargetMs = 334;
    return settings;
}

PlaylistSettings playlistSettings(const SegmenterSettings& settings) {
    PlaylistSettings playlist;
    playlist.generation = "g1";
    playlist.targetDurationMs = settings.targetDurationMs;
    playlist.partTargetMs = settings.partTargetMs;
    playlist.lowLatency = settings.lowLatency;
    return playlist;
}

void expectContinuous(const std::vector<std::int64_t>& timestamps, std::int64_t maxStep, const char* what) {
    ASSERT_GT(timestamps.size(), 1u) << what;
    for (std::size_t i = 1; i < timestamps.size(); ++i) {
        EXPECT_GT(timestamps[i], timestamps[i - 1]) << what << " at " << i;
        EXPECT_LE(timestamps[i] - timestamps[i - 1], maxStep) << what << " at " << i;
    }
}

std::vector<std::int64_t> sorted(std::vector<std::int64_t> values) {
    std::sort(values.begin(), values.end());
    return values;
}

TEST(SegmenterTest, FragmentedMp4SegmentsDecodeStartWithKeyframesAndContinue) {
    const auto& media = TestMedia::h264Aac();
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, media.tracks);
    ASSERT_EQ(harness.timeline.container(), Container::Fmp4);
    harness.push(media.packets);
    harness.segmenter.flush();

    auto segments = harness.completeSegments();
    ASSERT_GE(segments.size(), 3u);
    EXPECT_TRUE(segments.back()->parts.back().bytes) << "parts near the live edge keep their bytes";
    auto init = harness.timeline.initBytes(segments.front()->initId);
    ASSERT_TRUE(init);
    std::string everything = bytesOf(init);
    for (const auto* segment : segments) {
        ASSERT_TRUE(segment->bytes);
        MediaReport report = MediaCheck::inspect(bytesOf(init) + bytesOf(segment->bytes));
        ASSERT_TRUE(report.opened) << "segment " << segment->msn;
        EXPECT_EQ(report.decodeErrors, 0) << "segment " << segment->msn;
        EXPECT_TRUE(report.firstVideoPacketIsKeyframe) << "segment " << segment->msn;
        EXPECT_GT(report.decodedVideoFrames, 0);
        EXPECT_GT(report.decodedAudioFrames, 0);
        EXPECT_TRUE(segment->independent);
        if (segment == segments.front()) {
            EXPECT_NEAR(segment->durationMs, partHoldBackMs(settings.partTargetMs), 40) << "the first is short";
        } else if (segment != segments.back()) {
            EXPECT_NEAR(segment->durationMs, 2000, 40);
        }

        std::string joined;
        std::int64_t partsDuration = 0;
        bool partsKept = segment->parts.empty() || segment->parts.front().bytes;
        for (const auto& part : segment->parts) {
            if (partsKept) {
                ASSERT_TRUE(part.bytes);
                joined += bytesOf(part.bytes);
            }
            partsDuration += part.durationMs;
            EXPECT_LE(part.durationMs, settings.partTargetMs);
        }
        if (partsKept) {
            EXPECT_EQ(joined, bytesOf(segment->bytes)) << "a segment is its parts";
        }
        EXPECT_EQ(partsDuration, segment->durationMs);
        ASSERT_FALSE(segment->parts.empty());
        EXPECT_TRUE(segment->parts.front().independent);
        everything += bytesOf(segment->bytes);
    }

    if (const char* dump = std::getenv("HLS_TEST_DUMP")) std::ofstream(dump, std::ios::binary) << everything;
    MediaReport whole = MediaCheck::inspect(everything);
    ASSERT_TRUE(whole.opened);
    EXPECT_EQ(whole.decodeErrors, 0);
    expectContinuous(whole.videoDtsMs, 34, "video dts");
    expectContinuous(sorted(whole.videoPtsMs), 34, "video pts");
    expectContinuous(whole.audioPtsMs, 24, "audio pts");
    EXPECT_EQ(whole.videoPackets, static_cast<int>(media.only(0).size())) << "every frame is kept";

    // Timestamps are the ingest's, so audio and video stay in sync.
    std::int64_t sourceVideoPts = INT64_MAX;
    for (const auto& packet : media.only(0)) sourceVideoPts = std::min(sourceVideoPts, packet.pts.milliseconds());
    EXPECT_NEAR(sorted(whole.videoPtsMs).front(), sourceVideoPts, 1);
    EXPECT_NEAR(whole.audioPtsMs.front(), media.only(1).front().pts.milliseconds(), 1);
}

TEST(SegmenterTest, LowLatencyPlaylistIsValidWhileLiveAndEndsWithEndList) {
    const auto& media = TestMedia::h264Aac();
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, media.tracks);
    // Stop in the middle of a segment so the playlist has an open one.
    std::size_t half = media.packets.size() * 4 / 7;
    harness.push(std::vector<MediaPacket>(media.packets.begin(), media.packets.begin() + static_cast<long>(half)));
    while (half < media.packets.size() &&
           (!harness.timeline.openSegmentRecord() || harness.timeline.openSegmentRecord()->parts.empty()))
        harness.segmenter.push(media.packets[half++]);

    auto text = PlaylistWriter::media(harness.timeline, playlistSettings(settings));
    auto playlist = PlaylistParser::parse(text);
    EXPECT_TRUE(playlist.errors.empty()) << ::testing::PrintToString(playlist.errors) << "\n" << text;
    EXPECT_EQ(playlist.serverControl["CAN-BLOCK-RELOAD"], "YES");
    EXPECT_GE(std::stod(playlist.serverControl["PART-HOLD-BACK"]), 2 * playlist.partTarget);
    EXPECT_NEAR(playlist.partTarget, 0.334, 1e-9);
    EXPECT_EQ(playlist.targetDuration, 2);
    EXPECT_FALSE(playlist.preloadHint.empty());
    EXPECT_FALSE(playlist.endList);
    ASSERT_FALSE(playlist.segments.empty());
    EXPECT_TRUE(playlist.segments.back().uri.empty()) << "the open segment lists only its parts";
    EXPECT_EQ(playlist.segments.front().map, "init-g1-0.mp4");
    for (const auto& segment : playlist.segments) {
        EXPECT_FALSE(segment.programDateTime.empty());
        for (const auto& part : segment.parts) EXPECT_EQ(part.uri.rfind("part-g1-", 0), 0u);
    }
    EXPECT_TRUE(playlist.segments.front().parts.empty() || playlist.segments.front().parts.front().independent);

    // The hint names the next part of the open segment.
    const auto* open = harness.timeline.openSegmentRecord();
    ASSERT_NE(open, nullptr);
    EXPECT_EQ(playlist.preloadHint, "part-g1-" + std::to_string(open->msn) + "-" + std::to_string(open->parts.size()) + ".m4s");

    harness.push(std::vector<MediaPacket>(media.packets.begin() + static_cast<long>(half), media.packets.end()));
    harness.segmenter.flush();
    harness.timeline.end();
    auto ended = PlaylistParser::parse(PlaylistWriter::media(harness.timeline, playlistSettings(settings)));
    EXPECT_TRUE(ended.errors.empty()) << ::testing::PrintToString(ended.errors);
    EXPECT_TRUE(ended.endList);
    EXPECT_TRUE(ended.preloadHint.empty());
    EXPECT_FALSE(ended.segments.back().uri.empty());
}

TEST(SegmenterTest, MpegTsSegmentsAreSelfContainedAndContinuous) {
    const auto& media = TestMedia::h264Aac();
    SegmenterSettings settings;
    settings.lowLatency = false;
    SegmenterHarness harness(settings, media.tracks);
    ASSERT_EQ(harness.timeline.container(), Container::MpegTs);
    harness.push(media.packets);
    harness.segmenter.flush();

    auto segments = harness.completeSegments();
    ASSERT_GE(segments.size(), 3u);
    std::int64_t previousLastDts = -1;
    for (const auto* segment : segments) {
        EXPECT_TRUE(segment->parts.empty());
        MediaReport report = MediaCheck::inspect(bytesOf(segment->bytes));
        ASSERT_TRUE(report.opened);
        EXPECT_EQ(report.format, "mpegts");
        EXPECT_EQ(report.decodeErrors, 0);
        EXPECT_TRUE(report.firstVideoPacketIsKeyframe);
        EXPECT_GT(report.decodedAudioFrames, 0);
        expectContinuous(report.videoDtsMs, 34, "video dts within a segment");
        if (previousLastDts >= 0) {
            std::int64_t step = report.videoDtsMs.front() - previousLastDts;
            EXPECT_GE(step, 33);
            EXPECT_LE(step, 34) << "no gap or overlap between segments";
        }
        previousLastDts = report.videoDtsMs.back();
    }
    PlaylistSettings playlistConfig = playlistSettings(settings);
    auto playlist = PlaylistParser::parse(PlaylistWriter::media(harness.timeline, playlistConfig));
    EXPECT_TRUE(playlist.errors.empty()) << ::testing::PrintToString(playlist.errors);
    EXPECT_TRUE(playlist.serverControl.empty());
    EXPECT_EQ(playlist.segments.front().uri, "seg-g1-1.ts");  // numbered from 1 (Timeline.h)
}

TEST(SegmenterTest, ReconnectStartsDiscontinuityWithNewInitSection) {
    const auto& media = TestMedia::h264Aac();
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, media.tracks);
    harness.push(media.packets);
    harness.segmenter.flush();  // the encoder dropped
    std::size_t before = harness.completeSegments().size();

    // The encoder resumes: a fresh stream whose clock restarted later on.
    std::vector<MediaPacket> resumed = media.packets;
    for (auto& packet : resumed) {
        packet.dts = packet.dts.plusTicks(60'000);
        packet.pts = packet.pts.plusTicks(60'000);
    }
    harness.push(resumed);
    harness.segmenter.flush();

    auto segments = harness.completeSegments();
    ASSERT_GT(segments.size(), before);
    const auto* first = segments[before];
    EXPECT_TRUE(first->discontinuity);
    EXPECT_NE(first->initId, segments.front()->initId);
    MediaReport report = MediaCheck::inspect(bytesOf(harness.timeline.initBytes(first->initId)) + bytesOf(first->bytes));
    EXPECT_EQ(report.decodeErrors, 0);
    EXPECT_TRUE(report.firstVideoPacketIsKeyframe);

    auto playlist = PlaylistParser::parse(PlaylistWriter::media(harness.timeline, playlistSettings(settings)));
    EXPECT_TRUE(playlist.errors.empty()) << ::testing::PrintToString(playlist.errors);
    int discontinuities = 0;
    std::set<std::string> maps;
    for (const auto& segment : playlist.segments) {
        discontinuities += segment.discontinuity;
        maps.insert(segment.map);
    }
    EXPECT_EQ(discontinuities + playlist.discontinuitySequence, 1);
}

TEST(SegmenterTest, TimestampJumpWithinAStreamStartsANewTimeline) {
    const auto& media = TestMedia::h264Aac();
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, media.tracks);
    std::vector<MediaPacket> packets = media.packets;
    for (std::size_t i = packets.size() / 2; i < packets.size(); ++i) {
        packets[i].dts = packets[i].dts.plusTicks(30'000);
        packets[i].pts = packets[i].pts.plusTicks(30'000);
    }
    harness.push(packets);
    harness.segmenter.flush();
    EXPECT_FALSE(harness.warnings.empty());
    bool sawDiscontinuity = false;
    for (const auto* segment : harness.completeSegments()) {
        sawDiscontinuity |= segment->discontinuity;
        MediaReport report = MediaCheck::inspect(bytesOf(harness.timeline.initBytes(segment->initId)) + bytesOf(segment->bytes));
        EXPECT_EQ(report.decodeErrors, 0) << segment->msn;
        EXPECT_TRUE(report.firstVideoPacketIsKeyframe) << segment->msn;
    }
    EXPECT_TRUE(sawDiscontinuity);
}

TEST(SegmenterTest, DecodeTimeAMillisecondBackIsRoundingNotANewTimeline) {
    // GStreamer's flvmux with x264's B-frames: one video decode time 1 ms behind the one before.
    const auto& media = TestMedia::h264Aac();
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, media.tracks);
    std::vector<MediaPacket> packets = media.packets;
    std::optional<MediaTime> previousVideoDts;
    std::size_t stepped = 0;
    for (std::size_t i = 0; i < packets.size(); ++i) {
        if (packets[i].trackId != media.tracks[0].id) continue;
        if (i > packets.size() / 2 && previousVideoDts && !packets[i].keyframe && stepped == 0) {
            packets[i].dts = previousVideoDts->plusTicks(-previousVideoDts->rate / 1000);
            stepped = i;
        }
        previousVideoDts = packets[i].dts;
    }
    ASSERT_EQ(media.tracks[0].kind, MediaKind::Video);
    ASSERT_NE(stepped, 0u);
    harness.push(packets);
    harness.segmenter.flush();
    EXPECT_TRUE(harness.warnings.empty()) << harness.warnings.front();
    auto segments = harness.completeSegments();
    ASSERT_FALSE(segments.empty());
    for (const auto* segment : segments) {
        EXPECT_FALSE(segment->discontinuity) << segment->msn;
        EXPECT_EQ(segment->initId, segments.front()->initId) << segment->msn;
        MediaReport report = MediaCheck::inspect(bytesOf(harness.timeline.initBytes(segment->initId)) + bytesOf(segment->bytes));
        EXPECT_EQ(report.decodeErrors, 0) << segment->msn;
        for (std::size_t k = 1; k < report.videoDtsMs.size(); ++k)
            EXPECT_GT(report.videoDtsMs[k], report.videoDtsMs[k - 1]) << "segment " << segment->msn << " sample " << k;
    }
}

TEST(SegmenterTest, AudioOnlyStreamIsServedAsAudio) {
    const auto& media = TestMedia::h264Aac();
    std::vector<TrackInfo> audioOnly{media.tracks[1]};
    ASSERT_EQ(audioOnly[0].kind, MediaKind::Audio);
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, audioOnly);
    EXPECT_TRUE(harness.segmenter.refusal().empty());
    harness.push(media.only(1));
    harness.segmenter.flush();
    auto segments = harness.completeSegments();
    ASSERT_GE(segments.size(), 2u);
    for (const auto* segment : segments) {
        MediaReport report = MediaCheck::inspect(bytesOf(harness.timeline.initBytes(segment->initId)) + bytesOf(segment->bytes));
        EXPECT_EQ(report.videoPackets, 0);
        EXPECT_GT(report.decodedAudioFrames, 0);
        EXPECT_EQ(report.decodeErrors, 0);
    }
}

TEST(SegmenterTest, UnknownCodecsAreRefusedAndLeaveNoPlaylist) {
    std::vector<TrackInfo> tracks(2);
    tracks[0].id = 0;
    tracks[0].kind = MediaKind::Video;
    tracks[0].codec = Codec::Unknown;
    tracks[1].id = 1;
    tracks[1].kind = MediaKind::Audio;
    tracks[1].codec = Codec::Opus;
    SegmenterHarness harness(lowLatencySettings(), tracks);
    EXPECT_FALSE(harness.segmenter.refusal().empty());
    EXPECT_FALSE(harness.warnings.empty());
    MediaPacket packet;
    packet.trackId = 0;
    packet.keyframe = true;
    packet.data = std::make_shared<const std::string>("garbage");
    for (int i = 0; i < 200; ++i) {
        packet.dts = packet.pts = MediaTime::fromMilliseconds(i * 33);
        harness.segmenter.push(packet);
    }
    harness.segmenter.flush();
    EXPECT_TRUE(harness.timeline.empty());
}

TEST(SegmenterTest, MissingVideoSequenceHeaderWaitsThenStartsWithIt) {
    const auto& media = TestMedia::h264Aac();
    auto tracks = media.tracks;
    tracks[0].codecConfig.clear();  // the video sequence header has not come yet
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, tracks);
    std::size_t split = media.packets.size() / 3;
    harness.push(std::vector<MediaPacket>(media.packets.begin(), media.packets.begin() + static_cast<long>(split)));
    harness.segmenter.setTracks(media.tracks);  // it arrived
    harness.push(std::vector<MediaPacket>(media.packets.begin() + static_cast<long>(split), media.packets.end()));
    harness.segmenter.flush();
    auto segments = harness.completeSegments();
    ASSERT_FALSE(segments.empty());
    const auto* last = segments.back();
    MediaReport report = MediaCheck::inspect(bytesOf(harness.timeline.initBytes(last->initId)) + bytesOf(last->bytes));
    EXPECT_EQ(report.decodeErrors, 0);
    EXPECT_GT(report.decodedVideoFrames, 0);
    EXPECT_TRUE(report.firstVideoPacketIsKeyframe);
}

TEST(SegmenterTest, WindowBoundsMemoryAndKeepsRemovedSegmentsForOneMoreWindow) {
    const auto& media = TestMedia::h264Aac();
    SegmenterSettings settings = lowLatencySettings();
    settings.targetDurationMs = 1000;
    SegmenterHarness harness(settings, media.tracks, 2);
    // Loop the media to make a long stream with continuous time.
    std::int64_t offset = 0;
    std::int64_t span = media.packets.back().dts.milliseconds() + 40;
    std::size_t peak = 0;
    for (int loop = 0; loop < 4; ++loop) {
        for (auto packet : media.packets) {
            packet.dts = packet.dts.plusTicks(offset);
            packet.pts = packet.pts.plusTicks(offset);
            harness.segmenter.push(packet);
        }
        offset += span;
        peak = std::max(peak, harness.timeline.memoryBytes());
    }
    auto playlist = PlaylistParser::parse(PlaylistWriter::media(harness.timeline, playlistSettings(settings)));
    EXPECT_TRUE(playlist.errors.empty());
    std::size_t listedComplete = 0;
    for (const auto& segment : playlist.segments) listedComplete += !segment.uri.empty();
    EXPECT_EQ(listedComplete, 2u);
    EXPECT_LE(harness.timeline.segments().size(), 5u);  // two windows and the open segment
    std::int64_t firstListed = playlist.mediaSequence;
    EXPECT_TRUE(harness.timeline.segmentBytes(firstListed - 1)) << "removed segments stay fetchable";
    EXPECT_TRUE(harness.timeline.segmentBytes(firstListed - 2));
    EXPECT_FALSE(harness.timeline.segmentBytes(firstListed - 3)) << "...for one more window only";
    EXPECT_LT(peak, 4u << 20);
}

TEST(SegmenterTest, PartIsPublishedOnceItsVideoAndTheAudioUpToItsEndHaveArrived) {
    // Listing delay: a part is published as soon as the frame that starts the
    // next part has arrived and the audio reaching the end of the part's
    // video on screen (the B-frame delay later, plus up to one audio frame):
    // never a frame later than both.
    const auto& media = TestMedia::h264Aac();
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, media.tracks);
    int videoTrack = -1;
    for (const auto& track : media.tracks)
        if (track.kind == MediaKind::Video) videoTrack = track.id;
    int sampleRate = 0;
    for (const auto& track : media.tracks)
        if (track.kind == MediaKind::Audio) sampleRate = track.sampleRate;
    ASSERT_GT(sampleRate, 0);
    const std::int64_t audioFrameMs = (1024 * 1000 + sampleRate - 1) / sampleRate;
    auto partsEnd = [&](std::size_t& count) {
        std::int64_t end = 0;
        count = 0;
        for (const auto& segment : harness.timeline.segments())
            for (const auto& part : segment.parts) {
                end += part.durationMs;
                ++count;
            }
        return end;
    };
    std::size_t checked = 0;
    std::int64_t firstDts = -1;
    std::set<std::int64_t> videoArrived;
    std::int64_t frameMs = 0;
    std::int64_t lastVideoDts = -1;
    for (const auto& packet : media.packets) {
        std::int64_t dts = packet.dts.milliseconds();
        if (packet.trackId == videoTrack) {
            if (firstDts < 0) firstDts = dts;
            videoArrived.insert(dts);
            if (lastVideoDts >= 0) frameMs = dts - lastVideoDts;
            lastVideoDts = dts;
        }
        std::size_t before = 0;
        std::size_t after = 0;
        partsEnd(before);
        harness.segmenter.push(packet);
        std::int64_t end = partsEnd(after);
        if (after == before) continue;
        std::int64_t cutDts = firstDts + end;
        EXPECT_TRUE(videoArrived.count(cutDts)) << "a part was published before the frame after it arrived";
        // With 2 B-frames a frame is shown 2 frames after it is decoded.
        EXPECT_LE(dts, cutDts + 3 * frameMs + audioFrameMs + AudioVideoAligner::kMarginMs)
            << "the part ending at dts " << cutDts << " was published only at dts " << dts;
        ++checked;
    }
    EXPECT_GT(checked, 10u);
}

/// Start (ms from the first segment's start) of every part, in playlist order, with its INDEPENDENT flag.
std::vector<std::pair<std::int64_t, bool>> partStarts(const Timeline& timeline) {
    std::vector<std::pair<std::int64_t, bool>> starts;
    std::int64_t at = 0;
    for (const auto& segment : timeline.segments())
        for (const auto& part : segment.parts) {
            starts.emplace_back(at, part.independent);
            at += part.durationMs;
        }
    return starts;
}

std::vector<std::int64_t> keyframeOffsets(const TestMedia& media, int videoTrack) {
    std::vector<std::int64_t> offsets;
    std::int64_t first = -1;
    for (const auto& packet : media.only(videoTrack)) {
        if (first < 0) first = packet.dts.milliseconds();
        if (packet.keyframe) offsets.push_back(packet.dts.milliseconds() - first);
    }
    return offsets;
}

int videoTrackOf(const TestMedia& media) {
    for (const auto& track : media.tracks)
        if (track.kind == MediaKind::Video) return track.id;
    return -1;
}

/// What FFmpeg makes of the init section and every complete fMP4 segment, played as one stream.
MediaReport inspectWhole(const SegmenterHarness& harness) {
    auto segments = harness.completeSegments();
    if (segments.empty()) return {};
    std::string everything = bytesOf(harness.timeline.initBytes(segments.front()->initId));
    for (const auto* segment : segments) everything += bytesOf(segment->bytes);
    return MediaCheck::inspect(everything);
}

TEST(SegmenterTest, LongKeyframeIntervalGivesAShortFirstSegmentThenSegmentsNoLongerThanTheCeiling) {
    // OBS's defaults: a keyframe every 250 frames (8.3 s at 30 fps), 2 B-frames.
    const auto& media = TestMedia::h264Aac(20, 250);
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, media.tracks, 20);
    harness.push(media.packets);
    harness.segmenter.flush();

    auto segments = harness.completeSegments();
    auto keyframes = keyframeOffsets(media, videoTrackOf(media));
    ASSERT_EQ(keyframes.size(), 3u);
    ASSERT_EQ(segmentCeilingMs(settings), 2000);
    // No keyframe a second in: the first segment runs to the ceiling (with 1 s
    // keyframes it ends at the second one, see the test above), so hls.js,
    // having parsed it, still finds it long enough to keep loading parts.
    EXPECT_NEAR(segments.front()->durationMs, 2000, 40);
    EXPECT_TRUE(segments.front()->independent);
    // Every later one is cut at the ceiling between keyframes (so hls.js never
    // sees an open segment longer than the target duration), and ends early
    // at a keyframe to line up with it again.
    // The ceiling may be passed by less than one B-frame group (a segment can
    // only start where a part can): EXTINF rounded stays within the target.
    constexpr std::int64_t kGroupMs = 100;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        ASSERT_FALSE(segments[i]->parts.empty());
        EXPECT_LE(segments[i]->durationMs, 2000 + kGroupMs) << "segment " << i;
        EXPECT_EQ(segments[i]->parts.front().independent, segments[i]->independent) << "segment " << i;
        if (i + 1 < segments.size() && !segments[i + 1]->independent) {
            EXPECT_GE(segments[i]->durationMs, 2000 - kGroupMs) << "segment " << i << " was cut early without a keyframe";
        }
    }
    EXPECT_GE(segments.size(), 10u);

    // Every keyframe, and nothing else, starts a part marked INDEPENDENT=YES.
    std::vector<std::int64_t> independentStarts;
    for (const auto& [start, independent] : partStarts(harness.timeline))
        if (independent) independentStarts.push_back(start);
    ASSERT_EQ(independentStarts.size(), keyframes.size());
    for (std::size_t i = 0; i < keyframes.size(); ++i) EXPECT_NEAR(independentStarts[i], keyframes[i], 1);

    // Parts are cut so that their presentation times never overlap (with
    // B-frames, only before a frame shown after every earlier one): Chromium's
    // hls.js unloads a part that overlaps the one before it.
    std::int64_t previousMaxPts = INT64_MIN;
    int partsChecked = 0;
    auto init = bytesOf(harness.timeline.initBytes(segments.front()->initId));
    for (const auto& segment : harness.timeline.segments()) {
        for (const auto& part : segment.parts) {
            if (!part.bytes) {
                previousMaxPts = INT64_MIN;
                continue;
            }
            MediaReport report = MediaCheck::inspect(init + bytesOf(part.bytes));
            if (report.videoPtsMs.empty()) continue;
            auto [low, high] = std::minmax_element(report.videoPtsMs.begin(), report.videoPtsMs.end());
            if (previousMaxPts != INT64_MIN) {
                EXPECT_GT(*low, previousMaxPts) << "segment " << segment.msn << " part " << part.index;
            }
            previousMaxPts = *high;
            ++partsChecked;
            EXPECT_LE(part.durationMs, settings.partTargetMs) << "segment " << segment.msn << " part " << part.index;
        }
    }
    EXPECT_GT(partsChecked, 5);

    // The segments still decode as one stream, every frame kept.
    MediaReport whole = inspectWhole(harness);
    ASSERT_TRUE(whole.opened);
    EXPECT_EQ(whole.decodeErrors, 0);
    EXPECT_EQ(whole.videoPackets, static_cast<int>(media.only(videoTrackOf(media)).size()));
    expectContinuous(whole.videoDtsMs, 34, "video dts");
}

TEST(SegmenterTest, PlaylistTellsPlayersToStartAtTheNewestKeyframeBehindTheHoldBack) {
    const auto& media = TestMedia::h264Aac(12, 250);
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, media.tracks, 20);
    const std::int64_t holdBack = partHoldBackMs(settings.partTargetMs);
    std::set<std::string> pointedParts;
    int checked = 0;
    for (const auto& packet : media.packets) {
        harness.segmenter.push(packet);
        if (packet.trackId != videoTrackOf(media) || harness.timeline.empty() ||
            harness.timeline.segments().front().parts.empty())
            continue;
        auto text = PlaylistWriter::media(harness.timeline, playlistSettings(settings));
        auto playlist = PlaylistParser::parse(text);
        ASSERT_TRUE(playlist.errors.empty()) << ::testing::PrintToString(playlist.errors) << "\n" << text;
        bool allIndependent = true;
        for (std::size_t i = harness.timeline.firstListed(); i < harness.timeline.segments().size(); ++i)
            allIndependent = allIndependent && harness.timeline.segments()[i].independent;
        EXPECT_EQ(playlist.independentSegments, allIndependent) << "segments cut between keyframes are not independent";
        ASSERT_TRUE(playlist.startOffset.has_value()) << text;
        EXPECT_EQ(playlist.startPrecise, "YES");

        // Where the offset points, measured back from the end of the last listed part.
        struct Start {
            double first;  ///< from the first listed part
            bool second;   ///< independent
            std::string uri;
        };
        std::vector<Start> starts;
        double fromStart = 0;
        for (const auto& segment : playlist.segments)
            for (const auto& part : segment.parts) {
                starts.push_back({fromStart, part.independent, part.uri});
                fromStart += part.duration;
            }
        ASSERT_FALSE(starts.empty()) << "parts are listed back to the start point\n" << text;
        double edge = fromStart;
        double target = edge + *playlist.startOffset;
        auto pointed = std::find_if(starts.begin(), starts.end(),
                                    [&](const auto& s) { return std::abs(s.first - target) < 0.0015; });
        ASSERT_NE(pointed, starts.end()) << "TIME-OFFSET " << *playlist.startOffset << " names no part start\n" << text;
        EXPECT_TRUE(pointed->second) << "the start part has a keyframe";
        if (edge - pointed->first >= holdBack / 1000.0) {
            // ...and it is the newest keyframe at least the hold-back behind the edge.
            for (auto later = pointed + 1; later != starts.end(); ++later) {
                if (later->second) EXPECT_LT(edge - later->first, holdBack / 1000.0 - 0.0015);
            }
            ++checked;
        } else {
            EXPECT_EQ(pointed, std::find_if(starts.begin(), starts.end(), [](const auto& s) { return s.second; }))
                << "nearer than the hold-back only while no older keyframe is listed\n" << text;
        }
        pointedParts.insert(pointed->uri);
    }
    EXPECT_GT(checked, 100);
    EXPECT_EQ(pointedParts.size(), 2u) << "the start point moves on to the next keyframe";

    harness.segmenter.flush();
    harness.timeline.end();
    auto ended = PlaylistParser::parse(PlaylistWriter::media(harness.timeline, playlistSettings(settings)));
    EXPECT_FALSE(ended.startOffset.has_value()) << "a finished broadcast plays from its start";
}

/// The same media on other clocks: video at 90 kHz and 29.97 fps (3003 ticks
/// a frame, which no whole number of milliseconds is), audio counted in samples.
TestMedia onSourceClocks(const TestMedia& media) {
    TestMedia out = media;
    int audioRate = 0;
    for (auto& track : out.tracks) {
        track.clockRate = track.kind == MediaKind::Video ? 90000 : track.sampleRate;
        if (track.kind == MediaKind::Video) track.frameRate = 30000.0 / 1001;
        else audioRate = track.sampleRate;
    }
    int videoIndex = 0;
    int audioIndex = 0;
    for (auto& packet : out.packets) {
        if (packet.trackId == videoTrackOf(media)) {
            // Composition offsets in whole frames, as the encoder reordered them.
            std::int64_t reorderFrames = (packet.pts.milliseconds() - packet.dts.milliseconds() + 16) / 33;
            packet.dts = MediaTime{videoIndex * 3003LL, 90000};
            packet.pts = packet.dts.plusTicks(reorderFrames * 3003);
            ++videoIndex;
        } else {
            packet.dts = packet.pts = MediaTime{audioIndex * 1024LL, audioRate};
            ++audioIndex;
        }
    }
    std::stable_sort(out.packets.begin(), out.packets.end(),
                     [](const MediaPacket& a, const MediaPacket& b) { return a.dts < b.dts; });
    return out;
}

TEST(SegmenterTest, NinetyKilohertzVideoAndSampleClockedAudioKeepTheirExactTimes) {
    const auto media = onSourceClocks(TestMedia::h264Aac());
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, media.tracks);
    harness.push(media.packets);
    harness.segmenter.flush();
    auto segments = harness.completeSegments();
    ASSERT_GE(segments.size(), 3u);
    MediaReport whole = inspectWhole(harness);
    ASSERT_TRUE(whole.opened);
    EXPECT_EQ(whole.decodeErrors, 0);
    EXPECT_EQ(whole.videoPackets, static_cast<int>(media.only(videoTrackOf(media)).size()));
    // fMP4 keeps the source's clocks, so every frame is exactly 3003 ticks and
    // every AAC frame exactly 1024 samples after the one before: no drift of
    // rounding to milliseconds (33 or 34 ms a frame) on the way through.
    EXPECT_EQ(whole.videoTimescale, 90000);
    ASSERT_GT(whole.videoDtsTicks.size(), 100u);
    for (std::size_t i = 1; i < whole.videoDtsTicks.size(); ++i)
        ASSERT_EQ(whole.videoDtsTicks[i] - whole.videoDtsTicks[i - 1], 3003) << "frame " << i;
    int sampleRate = 0;
    for (const auto& track : media.tracks)
        if (track.kind == MediaKind::Audio) sampleRate = track.sampleRate;
    EXPECT_EQ(whole.audioTimescale, sampleRate);
    ASSERT_GT(whole.audioPtsTicks.size(), 100u);
    for (std::size_t i = 1; i < whole.audioPtsTicks.size(); ++i)
        ASSERT_EQ(whole.audioPtsTicks[i] - whole.audioPtsTicks[i - 1], 1024) << "audio frame " << i;
    // Playlist durations are those times, rounded to the millisecond only where they are written.
    std::int64_t listed = 0;
    for (const auto* segment : segments) listed += segment->durationMs;
    EXPECT_NEAR(listed, (MediaTime{whole.videoPackets * 3003LL, 90000}).milliseconds(), 1);
}

TEST(SegmenterTest, MpegTsCarriesNinetyKilohertzTimesExactly) {
    const auto media = onSourceClocks(TestMedia::h264Aac());
    SegmenterSettings settings;
    settings.lowLatency = false;
    settings.forcedContainer = Container::MpegTs;
    SegmenterHarness harness(settings, media.tracks);
    harness.push(media.packets);
    harness.segmenter.flush();
    std::string everything;
    for (const auto* segment : harness.completeSegments()) everything += bytesOf(segment->bytes);
    MediaReport whole = MediaCheck::inspect(everything);
    ASSERT_TRUE(whole.opened);
    EXPECT_EQ(whole.decodeErrors, 0);
    EXPECT_EQ(whole.videoTimescale, 90000);
    ASSERT_GT(whole.videoDtsTicks.size(), 100u);
    for (std::size_t i = 1; i < whole.videoDtsTicks.size(); ++i)
        ASSERT_EQ(whole.videoDtsTicks[i] - whole.videoDtsTicks[i - 1], 3003) << "frame " << i;
}

TEST(SegmenterTest, ShortKeyframeIntervalKeepsIndependentSegments) {
    const auto& media = TestMedia::h264Aac();  // a keyframe every second
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, media.tracks);
    harness.push(media.packets);
    auto playlist = PlaylistParser::parse(PlaylistWriter::media(harness.timeline, playlistSettings(settings)));
    EXPECT_TRUE(playlist.errors.empty()) << ::testing::PrintToString(playlist.errors);
    EXPECT_TRUE(playlist.independentSegments);
    for (const auto* segment : harness.completeSegments()) EXPECT_TRUE(segment->independent) << segment->msn;
    std::string multivariant = PlaylistWriter::multivariant(media.tracks, 1'000'000);
    EXPECT_EQ(multivariant.find("INDEPENDENT-SEGMENTS"), std::string::npos)
        << "the multivariant playlist cannot vouch for every broadcast";
}

}  // namespace
}  // namespace sockstream::hls::test

namespace sockstream::hls::test {
namespace {

TEST(SegmenterTest, PartsAreIndependentExactlyWhereTheyStartWithAKeyframe) {
    // Decoded, not taken from the segmenter's word: FFmpeg reads each part.
    const auto& media = TestMedia::h264Aac(20, 250);
    auto settings = lowLatencySettings();
    SegmenterHarness harness(settings, media.tracks, 20);
    std::set<std::pair<std::int64_t, int>> inspected;
    int independent = 0;
    int dependent = 0;
    // Parts far behind the live edge give their bytes up: read each one as it is published.
    auto inspectNewParts = [&] {
        for (const auto& segment : harness.timeline.segments())
            for (const auto& part : segment.parts) {
                if (!part.bytes || !inspected.insert({segment.msn, part.index}).second) continue;
                auto init = bytesOf(harness.timeline.initBytes(segment.initId));
                MediaReport report = MediaCheck::inspect(init + bytesOf(part.bytes));
                ASSERT_TRUE(report.opened);
                if (report.videoPackets == 0) continue;
                EXPECT_EQ(part.independent, report.firstVideoPacketIsKeyframe)
                    << "segment " << segment.msn << " part " << part.index;
                (part.independent ? independent : dependent)++;
            }
    };
    for (const auto& packet : media.packets) {
        harness.segmenter.push(packet);
        inspectNewParts();
    }
    harness.segmenter.flush();
    inspectNewParts();
    EXPECT_EQ(independent, 3);
    EXPECT_GT(dependent, 40);
}

TEST(SegmenterTest, TargetDurationIsTheSameInEveryPlaylistOfAnObsDefaultStream) {
    // RFC 8216bis 4.4.3.1: EXT-X-TARGETDURATION MUST NOT change. A keyframe
    // every 8.3 s must not raise it once the first long GOP is out.
    const auto& media = TestMedia::h264Aac(20, 250);
    for (bool lowLatency : {true, false}) {
        SegmenterSettings settings = lowLatencySettings();
        settings.lowLatency = lowLatency;
        SegmenterHarness harness(settings, media.tracks, 20);
        PlaylistSettings playlistSetup = playlistSettings(settings);
        playlistSetup.maxSegmentMs = segmentCeilingMs(settings);
        std::set<int> announced;
        int playlists = 0;
        std::uint64_t seen = 0;
        auto check = [&] {
            if (harness.timeline.empty() || harness.timeline.version() == seen) return;
            seen = harness.timeline.version();
            if (harness.completeSegments().empty()) return;
            auto text = PlaylistWriter::media(harness.timeline, playlistSetup);
            auto playlist = PlaylistParser::parse(text);
            ASSERT_TRUE(playlist.errors.empty()) << ::testing::PrintToString(playlist.errors) << "\n" << text;
            announced.insert(playlist.targetDuration);
            for (const auto& segment : playlist.segments)
                if (!segment.uri.empty()) {
                    // At most one B-frame group (0.1 s) past the ceiling; the parser checks the rounding rule.
                    EXPECT_LE(segment.duration, segmentCeilingMs(settings) / 1000.0 + 0.1) << segment.uri;
                }
            ++playlists;
        };
        for (const auto& packet : media.packets) {
            harness.segmenter.push(packet);
            check();
        }
        harness.segmenter.flush();
        check();
        harness.timeline.end();
        ++seen;
        check();
        EXPECT_GT(playlists, lowLatency ? 40 : 2);  // LL-HLS: one per part
        EXPECT_EQ(announced, std::set<int>{lowLatency ? 2 : 8}) << (lowLatency ? "LL-HLS" : "classic");
    }
}

TEST(SegmenterTest, ProgramDateTimeFollowsTheMediaClockNotEachSegmentsArrival) {
    // Arrival times jitter (here up to 0.2 s); the dates must not, or hls.js
    // slides its timeline on every playlist.
    TestMedia media = TestMedia::h264Aac(12, 250);
    const auto start = std::chrono::system_clock::time_point{std::chrono::seconds(1'700'000'000)};
    int i = 0;
    for (auto& packet : media.packets)
        packet.receivedAt = start + std::chrono::milliseconds(packet.dts.milliseconds() + (i++ % 7) * 30);
    SegmenterHarness harness(lowLatencySettings(), media.tracks, 20);
    harness.push(media.packets);
    harness.segmenter.flush();
    auto segments = harness.completeSegments();
    ASSERT_GE(segments.size(), 4u);
    for (std::size_t k = 1; k < segments.size(); ++k)
        EXPECT_EQ(segments[k]->programDateTime - segments[k - 1]->programDateTime,
                  std::chrono::milliseconds(segments[k - 1]->durationMs))
            << "segment " << k;
}

TEST(SegmenterTest, TwoSecondKeyframesAtNtscRateStillEndSegmentsAtKeyframes) {
    // 60 frames at 29.97 fps are 2002 ms: a keyframe 2 ms past the 2 s ceiling
    // still ends the segment (rather than a frame before it, which would leave
    // every later segment starting without a keyframe).
    const auto media = onSourceClocks(TestMedia::h264Aac(12, 60));
    SegmenterHarness harness(lowLatencySettings(), media.tracks, 20);
    harness.push(media.packets);
    harness.segmenter.flush();
    auto segments = harness.completeSegments();
    ASSERT_GE(segments.size(), 5u);
    for (std::size_t k = 0; k + 1 < segments.size(); ++k) {
        EXPECT_TRUE(segments[k]->independent) << "segment " << k;
        if (k > 0) {
            EXPECT_NEAR(segments[k]->durationMs, 2002, 2) << "segment " << k;
        }
    }
}

TEST(SegmenterTest, ConfiguredCeilingBoundsSegmentsAndKeepsKeyframeSegmentsWhenItCan) {
    // 2 s keyframes, 2 s target, 4 s ceiling: segments end at keyframes as before.
    const auto& media = TestMedia::h264Aac(12, 60);
    auto settings = lowLatencySettings();
    settings.maxSegmentMs = 4000;
    SegmenterHarness harness(settings, media.tracks, 20);
    harness.push(media.packets);
    harness.segmenter.flush();
    auto segments = harness.completeSegments();
    ASSERT_GE(segments.size(), 5u);
    for (const auto* segment : segments) {
        EXPECT_TRUE(segment->independent) << segment->msn;
        EXPECT_LE(segment->durationMs, 4000 + 100) << segment->msn;
    }
    PlaylistSettings playlistSetup = playlistSettings(settings);
    playlistSetup.maxSegmentMs = segmentCeilingMs(settings);
    EXPECT_EQ(PlaylistParser::parse(PlaylistWriter::media(harness.timeline, playlistSetup)).targetDuration, 4);

    // The OBS default with the same ceiling: cut at 4 s between keyframes.
    const auto& obs = TestMedia::h264Aac(20, 250);
    SegmenterHarness long_(settings, obs.tracks, 20);
    long_.push(obs.packets);
    long_.segmenter.flush();
    int cutBetweenKeyframes = 0;
    for (const auto* segment : long_.completeSegments()) {
        EXPECT_LE(segment->durationMs, 4000 + 100) << segment->msn;
        if (!segment->independent) ++cutBetweenKeyframes;
    }
    EXPECT_GE(cutBetweenKeyframes, 3);
}

/// Every part's bytes, recorded as it is published (a part's bytes are
/// dropped once its segment no longer lists parts), in playlist order.
std::vector<MediaBytes> pushRecordingParts(SegmenterHarness& harness, const std::vector<MediaPacket>& packets) {
    std::map<std::pair<std::int64_t, int>, MediaBytes> seen;
    auto collect = [&] {
        for (const auto& segment : harness.timeline.segments())
            for (const auto& part : segment.parts)
                if (part.bytes) seen.emplace(std::make_pair(segment.msn, part.index), part.bytes);
    };
    for (const auto& packet : packets) {
        harness.segmenter.push(packet);
        collect();
    }
    harness.segmenter.flush();
    collect();
    std::vector<MediaBytes> parts;
    for (const auto& [key, bytes] : seen) parts.push_back(bytes);
    return parts;
}

/// Each fragment's audio ends where its video ends on screen, at most one
/// audio frame (and the 2 ms slack) later, and the next fragment's audio
/// starts exactly there: no gap, no overlap (`toleranceUs` for whole-ms clocks).
void expectAudioEndsWithItsVideo(const std::string& init, const std::vector<MediaBytes>& fragments, int sampleRate,
                                 std::int64_t toleranceUs, const std::string& what) {
    const std::int64_t audioFrameUs = 1024LL * 1000000 / sampleRate;
    std::int64_t previousAudioEnd = -1;
    int checked = 0;
    // The last fragment is cut by the encoder's end, not by a frame after it.
    for (std::size_t i = 0; i + 1 < fragments.size(); ++i) {
        MediaReport report = MediaCheck::inspect(init + bytesOf(fragments[i]));
        ASSERT_TRUE(report.opened) << what << " " << i;
        ASSERT_GE(report.videoEndUs, 0) << what << " " << i;
        ASSERT_GE(report.audioEndUs, 0) << what << " " << i << " has no audio";
        EXPECT_GE(report.audioEndUs + toleranceUs, report.videoEndUs)
            << what << " " << i << ": audio ends " << (report.videoEndUs - report.audioEndUs) << " us before the video";
        EXPECT_LE(report.audioEndUs - report.videoEndUs,
                  audioFrameUs + AudioVideoAligner::kMarginMs * 1000 + toleranceUs)
            << what << " " << i << ": audio runs more than one frame past the video";
        if (previousAudioEnd >= 0)
            EXPECT_NEAR(report.audioStartUs, previousAudioEnd, toleranceUs) << what << " " << i << ": audio gap or overlap";
        previousAudioEnd = report.audioEndUs;
        ++checked;
    }
    EXPECT_GT(checked, 5) << what;
}

TEST(SegmenterTest, EveryPartAndSegmentEndsItsAudioWhereItsVideoEndsOnScreen) {
    // OBS's defaults (2 B-frames, a keyframe every 250 frames), on RTMP's
    // millisecond clock and on the sources' own clocks (90 kHz, 1024-sample
    // AAC frames). A fragment whose audio ended before its video left the
    // end of the browser's buffer inside it, and hls.js loaded it again.
    for (bool sourceClocks : {false, true}) {
        const auto media = sourceClocks ? onSourceClocks(TestMedia::h264Aac(20, 250)) : TestMedia::h264Aac(20, 250);
        std::string what = sourceClocks ? "source clocks" : "milliseconds";
        int sampleRate = 0;
        for (const auto& track : media.tracks)
            if (track.kind == MediaKind::Audio) sampleRate = track.sampleRate;
        ASSERT_GT(sampleRate, 0);
        // Whole milliseconds: each time may be rounded by up to 1 ms.
        const std::int64_t toleranceUs = sourceClocks ? 0 : 1000;
        SegmenterHarness harness(lowLatencySettings(), media.tracks, 20);
        auto parts = pushRecordingParts(harness, media.packets);
        auto segments = harness.completeSegments();
        ASSERT_GE(segments.size(), 6u);
        std::string init = bytesOf(harness.timeline.initBytes(segments.front()->initId));
        expectAudioEndsWithItsVideo(init, parts, sampleRate, toleranceUs, what + ", part");
        std::vector<MediaBytes> segmentBytes;
        for (const auto* segment : segments) segmentBytes.push_back(segment->bytes);
        expectAudioEndsWithItsVideo(init, segmentBytes, sampleRate, toleranceUs, what + ", segment");
    }
}

}  // namespace
}  // namespace sockstream::hls::test
