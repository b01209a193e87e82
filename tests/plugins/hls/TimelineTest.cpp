#include <gtest/gtest.h>

#include "Timeline.h"

namespace sockstream::hls {
namespace {

TEST(TimelineTest, AvailabilityOfPartsAndSegments) {
    Timeline timeline(Container::Fmp4, 3);
    auto bytes = SealedBytes::copyOf("x");
    EXPECT_EQ(timeline.availability(1, 0), Availability::Pending);
    timeline.openSegment({}, false, 0, true);
    timeline.addPart(300, true, bytes);
    EXPECT_EQ(timeline.availability(1, 0), Availability::Available);
    EXPECT_EQ(timeline.availability(1, 1), Availability::Pending);
    EXPECT_EQ(timeline.availability(1, -1), Availability::Pending);
    timeline.addPart(300, false, bytes);
    timeline.closeSegment(600, bytes);
    EXPECT_EQ(timeline.availability(1, -1), Availability::Available);
    // A part past the end of a finished segment is answered by the next segment's first part.
    EXPECT_EQ(timeline.availability(1, 2), Availability::Pending);
    timeline.openSegment({}, false, 0, true);
    timeline.addPart(300, true, bytes);
    EXPECT_EQ(timeline.availability(1, 2), Availability::Available);
    EXPECT_EQ(timeline.availability(8, 0), Availability::Pending);
    timeline.end();
    EXPECT_EQ(timeline.availability(8, 0), Availability::Gone);
    EXPECT_EQ(timeline.partBytes(2, 0), bytes);
    EXPECT_EQ(timeline.partBytes(2, 1), nullptr);
    EXPECT_EQ(timeline.segmentBytes(2), nullptr) << "the open segment has no whole-segment bytes yet";
}

TEST(TimelineTest, OldSegmentsAreDroppedAndForgotten) {
    Timeline timeline(Container::MpegTs, 2);
    auto bytes = SealedBytes::copyOf(std::string(1000, 'x'));
    for (int i = 0; i < 20; ++i) {
        timeline.openSegment({}, false, 0, true);
        timeline.closeSegment(2000, bytes);
    }
    EXPECT_EQ(timeline.firstListed(), 2u);
    EXPECT_EQ(timeline.segments().front().msn, 17);
    EXPECT_EQ(timeline.availability(4, -1), Availability::Gone);
    EXPECT_EQ(timeline.memoryBytes(), 4000u);
}

TEST(TimelineTest, StartPointIsTheNewestKeyframePartBehindTheHoldBack) {
    Timeline timeline(Container::Fmp4, 6, 2, 1000);
    auto bytes = SealedBytes::copyOf("x");
    EXPECT_FALSE(timeline.startPoint().has_value()) << "nothing to start from yet";
    timeline.openSegment({}, false, 0, true);
    timeline.addPart(500, true, bytes);
    auto early = timeline.startPoint();
    ASSERT_TRUE(early.has_value()) << "nearer than the hold-back, but the only keyframe";
    EXPECT_EQ(early->msn, 1);
    EXPECT_EQ(early->beforeEdgeMs, 500);
    timeline.addPart(500, false, bytes);
    timeline.closeSegment(1000, bytes);
    timeline.openSegment({}, false, 0, false);  // cut between keyframes
    timeline.addPart(500, false, bytes);
    timeline.addPart(500, true, bytes);
    timeline.closeSegment(1000, bytes);
    timeline.openSegment({}, false, 0, false);
    timeline.addPart(300, false, bytes);
    // The keyframe in segment 2 is only 800 ms behind the edge: start at segment 1's.
    auto start = timeline.startPoint();
    ASSERT_TRUE(start.has_value());
    EXPECT_EQ(start->msn, 1);
    EXPECT_EQ(start->part, 0);
    EXPECT_EQ(start->beforeEdgeMs, 2300);
    EXPECT_EQ(timeline.firstWithParts(), 0u) << "parts are listed back to the start point";
    timeline.addPart(300, false, bytes);
    start = timeline.startPoint();
    ASSERT_TRUE(start.has_value());
    EXPECT_EQ(start->msn, 2);
    EXPECT_EQ(start->part, 1);
    EXPECT_EQ(start->beforeEdgeMs, 1100);
}

// hls.js 1.7.4 never counts the parts of a segment numbered 0 as loaded (its
// fragment tracker reads `sn || -1`), so a viewer that starts on them falls
// back to whole segments and stalls until the next keyframe (bench/start).
TEST(TimelineTest, TheFirstSegmentIsNumberedOne) {
    Timeline timeline(Container::Fmp4, 3);
    EXPECT_EQ(timeline.openSegment({}, false, 0, true), 1);
    EXPECT_EQ(timeline.availability(0, 0), Availability::Gone) << "nothing was ever numbered 0";
}

}  // namespace
}  // namespace sockstream::hls
