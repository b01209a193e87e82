// The VP8 publisher's transcoding thread: output comes on it, a full queue
// drops frames until the next keyframe (and asks for one), and the
// destructor stops it.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "Vp8TestMedia.h"
#include "Vp8TranscodeWorker.h"

using namespace sockstream::webrtc;
using namespace std::chrono_literals;

TEST(Vp8TranscodeWorker, AFullQueueDropsUntilTheNextKeyframe) {
    const auto vp8 = encodeVp8(160, 120, 12, 1000);
    ASSERT_EQ(vp8.size(), 12u);
    std::promise<void> started;  // the worker took the first frame off its queue
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::mutex mutex;
    std::vector<bool> keyframes;  // of the H.264 that came out
    std::thread::id outputThread;
    {
        Vp8TranscodeWorker worker(
            {},
            [&](Vp8TranscodeWorker::Output out) {
                {
                    std::lock_guard lock(mutex);
                    if (keyframes.empty() && outputThread == std::thread::id{}) started.set_value();
                    outputThread = std::this_thread::get_id();
                }
                released.wait_for(10s);  // holds the worker up so that its queue fills (bounded if the test fails)
                std::lock_guard lock(mutex);
                for (const auto& unit : out.units) keyframes.push_back(unit.keyframe);
                EXPECT_FALSE(out.sps.empty());
                EXPECT_FALSE(out.pps.empty());
            },
            [](const std::string& why) { ADD_FAILURE() << why; });
        const auto now = Vp8TranscodeWorker::Clock::now();
        worker.push(vp8[0].data, 0, true, now);
        // Once the worker is busy with the first frame, fill its queue.
        ASSERT_EQ(started.get_future().wait_for(10s), std::future_status::ready);
        for (std::size_t i = 1; i <= Vp8TranscodeWorker::kMaxQueued; ++i) worker.push(vp8[i].data, i * 3000, false, now);
        EXPECT_FALSE(worker.wantsKeyframe());
        worker.push(vp8[9].data, 9 * 3000, false, now);  // one too many
        EXPECT_TRUE(worker.wantsKeyframe());
        EXPECT_EQ(worker.droppedFrames(), 1u);
        release.set_value();
        // Frames after the drop reference it: dropped too, until a keyframe.
        worker.push(vp8[10].data, 10 * 3000, false, now);
        EXPECT_EQ(worker.droppedFrames(), 2u);
        for (int i = 0; i < 500; ++i) {
            {
                std::lock_guard lock(mutex);
                if (keyframes.size() >= 1 + Vp8TranscodeWorker::kMaxQueued) break;
            }
            std::this_thread::sleep_for(10ms);
        }
        // A VP8 keyframe (the decoder takes any frame flagged so; libvpx made only one) restarts it.
        worker.push(vp8[0].data, 11 * 3000, true, now);
        EXPECT_FALSE(worker.wantsKeyframe());
        for (int i = 0; i < 500; ++i) {
            {
                std::lock_guard lock(mutex);
                if (keyframes.size() >= 2 + Vp8TranscodeWorker::kMaxQueued) break;
            }
            std::this_thread::sleep_for(10ms);
        }
    }  // the destructor stops the thread
    std::lock_guard lock(mutex);
    ASSERT_EQ(keyframes.size(), 2 + Vp8TranscodeWorker::kMaxQueued);
    EXPECT_TRUE(keyframes.front());
    EXPECT_TRUE(keyframes.back());  // an IDR at the VP8 keyframe
    EXPECT_NE(outputThread, std::this_thread::get_id());
}

TEST(Vp8TranscodeWorker, StopsWithFramesStillQueued) {
    const auto vp8 = encodeVp8(160, 120, 4, 1000);
    ASSERT_EQ(vp8.size(), 4u);
    int outputs = 0;
    {
        Vp8TranscodeWorker worker({}, [&](Vp8TranscodeWorker::Output) { ++outputs; }, [](const std::string&) {});
        for (std::size_t i = 0; i < vp8.size(); ++i)
            worker.push(vp8[i].data, i * 3000, vp8[i].keyframe, Vp8TranscodeWorker::Clock::now());
    }
    EXPECT_LE(outputs, 4);  // whatever it reached; the point is that it stopped and joined
}
