// LiveStream (one broadcast's HLS: segmenter, timeline, rendered playlists and
// held requests) against a gmock Scheduler and real H.264/AAC media: when a
// room becomes playable, what a held request is told and when, and the end.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Logger.h>

#include "HlsConfig.h"
#include "LiveStream.h"
#include "MockScheduler.h"
#include "MockTimerHandle.h"
#include "TestMedia.h"

namespace sockstream::hls {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Not;

class LiveStreamTest : public ::testing::Test {
protected:
    LiveStreamTest() {
        // Held requests' timeouts are kept here, to be fired by the test; blocking work runs at once.
        ON_CALL(scheduler, after(_, _)).WillByDefault([this](std::chrono::milliseconds delay, std::function<void()> task) {
            delays.push_back(delay);
            timeouts.push_back(std::move(task));
            auto timer = std::make_shared<NiceMock<mocks::MockTimerHandle>>();
            timers.push_back(timer);
            return timer;
        });
        ON_CALL(scheduler, postBlocking(_)).WillByDefault([](std::function<void()> task) { task(); });
        info.roomId = "room-1";
        info.broadcastId = "broadcast-1";
    }

    std::shared_ptr<LiveStream> open() {
        info.tracks = media().tracks;
        return std::make_shared<LiveStream>(info, config, scheduler, Poco::Logger::get("test.hls"), nullptr);
    }
    static const test::TestMedia& media() { return test::TestMedia::h264Aac(7, 30); }
    static void pushAll(LiveStream& stream) {
        for (const auto& packet : media().packets) stream.push(packet);
    }

    HlsConfig config;
    StreamInfo info;
    NiceMock<mocks::MockScheduler> scheduler;
    std::vector<std::chrono::milliseconds> delays;
    std::vector<std::function<void()>> timeouts;
    std::vector<std::shared_ptr<NiceMock<mocks::MockTimerHandle>>> timers;
};

TEST_F(LiveStreamTest, ARoomIsPlayableOnceASegmentIsCompleteAndTheHeldRequestIsWokenThen) {
    auto stream = open();
    EXPECT_FALSE(stream->hasMedia());
    EXPECT_FALSE(stream->playable());
    std::vector<bool> woken;
    ASSERT_TRUE(stream->waitUntilPlayable([&woken](bool available) { woken.push_back(available); }));
    ASSERT_EQ(delays.size(), 1u);
    EXPECT_EQ(delays[0], config.blockingReloadTimeout);
    EXPECT_TRUE(woken.empty()) << "held until a segment exists";
    EXPECT_CALL(*timers[0], cancel());

    pushAll(*stream);
    EXPECT_EQ(woken, std::vector<bool>{true});
    EXPECT_TRUE(stream->hasMedia());
    EXPECT_TRUE(stream->playable());
    EXPECT_TRUE(stream->refusal().empty()) << stream->refusal();
    ASSERT_TRUE(stream->segment(1)) << "the first segment is number 1";
    EXPECT_GT(stream->segment(1)->size(), 1000u);

    const auto playlist = stream->mediaPlaylist();
    ASSERT_TRUE(playlist.text);
    EXPECT_THAT(*playlist.text, HasSubstr("#EXTM3U"));
    EXPECT_THAT(*playlist.text, HasSubstr(stream->generation())) << "media names carry the broadcast's generation";
    EXPECT_THAT(*playlist.text, Not(HasSubstr("#EXT-X-ENDLIST")));
    EXPECT_THAT(playlist.etag, HasSubstr(stream->generation()));
    EXPECT_THAT(*stream->multivariant(), HasSubstr("#EXT-X-STREAM-INF"));

    // Once it is there, a request for it is answered at once, without a timer.
    std::optional<bool> again;
    EXPECT_TRUE(stream->waitUntilPlayable([&again](bool available) { again = available; }));
    EXPECT_EQ(again, true);
    EXPECT_EQ(delays.size(), 1u);
}

TEST_F(LiveStreamTest, APlaylistChangesItsEtagWhenItChanges) {
    auto stream = open();
    const std::string before = stream->mediaPlaylist().etag;
    pushAll(*stream);
    const std::string after = stream->mediaPlaylist().etag;
    EXPECT_NE(before, after);
    EXPECT_EQ(stream->mediaPlaylist().etag, after) << "unchanged when nothing happened";
}

TEST_F(LiveStreamTest, AHeldRequestIsToldNoAfterTheBlockingReloadTimeout) {
    auto stream = open();
    std::vector<bool> woken;
    ASSERT_TRUE(stream->waitFor(0, -1, [&woken](bool available) { woken.push_back(available); }));
    ASSERT_EQ(timeouts.size(), 1u);
    timeouts[0]();
    EXPECT_EQ(woken, std::vector<bool>{false});
    pushAll(*stream);
    EXPECT_EQ(woken, std::vector<bool>{false}) << "a request is answered once";
}

TEST_F(LiveStreamTest, ATimeoutAfterTheStreamIsGoneDoesNothing) {
    auto stream = open();
    bool called = false;
    ASSERT_TRUE(stream->waitFor(0, -1, [&called](bool) { called = true; }));
    stream->releaseWaiters();
    EXPECT_TRUE(called);
    called = false;
    stream.reset();
    timeouts.at(0)();  // holds the stream weakly
    EXPECT_FALSE(called);
}

TEST_F(LiveStreamTest, HeldRequestsPerStreamAreCapped) {
    config.maxHeldRequestsPerStream = 2;
    auto stream = open();
    EXPECT_TRUE(stream->waitFor(0, -1, [](bool) {}));
    EXPECT_TRUE(stream->waitFor(0, 0, [](bool) {}));
    EXPECT_FALSE(stream->waitFor(1, -1, [](bool) {})) << "the third is refused rather than held";
}

TEST_F(LiveStreamTest, OnlySegmentsWithinTwoOfTheLastAreReachable) {
    auto stream = open();
    // Before the first segment (number 1) the playlist's "last" is 0.
    EXPECT_TRUE(stream->reachable(2));
    EXPECT_FALSE(stream->reachable(3));
    pushAll(*stream);
    // The newest segment (complete or still taking parts) is the last; two beyond it are reachable.
    std::int64_t unreachable = 0;
    while (unreachable < 1000 && stream->reachable(unreachable)) ++unreachable;
    const std::int64_t newest = unreachable - 3;
    ASSERT_GE(newest, 1);
    EXPECT_TRUE(stream->segment(newest) || stream->part(newest, 0)) << "segment " << newest << " exists";
    EXPECT_FALSE(stream->segment(newest + 1) || stream->part(newest + 1, 0)) << "nothing beyond it yet";
}

TEST_F(LiveStreamTest, CloseEndsThePlaylistAndAnswersHeldRequests) {
    auto stream = open();
    pushAll(*stream);
    std::int64_t last = 0;
    while (stream->segment(last + 1)) ++last;
    std::optional<bool> held;
    ASSERT_TRUE(stream->waitFor(last + 1, -1, [&held](bool available) { held = available; }));
    EXPECT_FALSE(held);
    EXPECT_FALSE(stream->ended());
    stream->close();
    EXPECT_TRUE(stream->ended());
    EXPECT_LE(stream->endedAt(), std::chrono::steady_clock::now());
    EXPECT_THAT(*stream->mediaPlaylist().text, HasSubstr("#EXT-X-ENDLIST"));
    ASSERT_TRUE(held.has_value()) << "the end answers what waited for more";
}

TEST_F(LiveStreamTest, AThumbnailIsRenderedOffTheIoThreadAndCached) {
    auto stream = open();
    pushAll(*stream);
    EXPECT_CALL(scheduler, postBlocking(_)).Times(1);
    std::shared_ptr<const std::string> first;
    stream->thumbnail([&first](std::shared_ptr<const std::string> jpeg) { first = jpeg; });
    ASSERT_TRUE(first);
    EXPECT_EQ(first->substr(0, 2), std::string("\xFF\xD8")) << "a JPEG";
    std::shared_ptr<const std::string> second;
    stream->thumbnail([&second](std::shared_ptr<const std::string> jpeg) { second = jpeg; });
    EXPECT_EQ(second, first) << "within thumbnailRefresh the cached picture is answered";
}

}  // namespace
}  // namespace sockstream::hls
