#include <gtest/gtest.h>

#include "Timeline.h"

namespace sockstream::hls {
namespace {

TEST(TimelineTest, AvailabilityOfPartsAndSegments) {
    Timeline timeline(Container::Fmp4, 3);
    auto bytes = SealedBytes::copyOf("x");
    EXPECT_EQ(timeline.availability(0, 0), Availability::Pending);
    timeline.openSegment({}, false, 0, true);
    timeline.addPart(300, true, bytes);
    EXPECT_EQ(timeline.availability(0, 0), Availability::Available);
    EXPECT_EQ(timeline.availability(0, 1), Availability::Pending);
    EXPECT_EQ(timeline.availability(0, -1), Availability::Pending);
    timeline.addPart(300, false, bytes);
    timeline.closeSegment(600, bytes);
    EXPECT_EQ(timeline.availability(0, -1), Availability::Available);
    // A part past the end of a finished segment is answered by the next segment's first part.
    EXPECT_EQ(timeline.availability(0, 2), Availability::Pending);
    timeline.openSegment({}, false, 0, true);
    timeline.addPart(300, true, bytes);
    EXPECT_EQ(timeline.availability(0, 2), Availability::Available);
    EXPECT_EQ(timeline.availability(7, 0), Availability::Pending);
    timeline.end();
    EXPECT_EQ(timeline.availability(7, 0), Availability::Gone);
    EXPECT_EQ(timeline.partBytes(1, 0), bytes);
    EXPECT_EQ(timeline.partBytes(1, 1), nullptr);
    EXPECT_EQ(timeline.segmentBytes(1), nullptr) << "the open segment has no whole-segment bytes yet";
}

TEST(TimelineTest, OldSegmentsAreDroppedAndForgotten) {
    Timeline timeline(Container::MpegTs, 2);
    auto bytes = SealedBytes::copyOf(std::string(1000, 'x'));
    for (int i = 0; i < 20; ++i) {
        timeline.openSegment({}, false, 0, true);
        timeline.closeSegment(2000, bytes);
    }
    EXPECT_EQ(timeline.firstListed(), 2u);
    EXPECT_EQ(timeline.segments().front().msn, 16);
    EXPECT_EQ(timeline.availability(3, -1), Availability::Gone);
    EXPECT_EQ(timeline.memoryBytes(), 4000u);
}

}  // namespace
}  // namespace sockstream::hls
