#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "Vp8ToH264.h"

namespace sockstream::webrtc {

/// Runs one VP8 publisher's transcoder (Vp8ToH264) on a thread of its own:
/// decoding and encoding take milliseconds a frame, which every session on
/// the shared UDP port would otherwise wait behind. Frames queue up to
/// kMaxQueued; a publisher the machine cannot keep up with loses frames, and
/// then every frame until the next VP8 keyframe (the decoder must not
/// reference a frame it never saw), which wantsKeyframe() asks for.
/// `output` and `failed` run on the worker's thread; the destructor stops it
/// and waits, so neither runs afterwards.
class Vp8TranscodeWorker {
public:
    using Clock = std::chrono::steady_clock;
    struct Output {
        std::vector<TranscodedAccessUnit> units;
        std::string sps;  ///< the encoder's current parameter sets, for the avcC
        std::string pps;
        Clock::time_point arrival;  ///< when the VP8 frame arrived
    };
    static constexpr std::size_t kMaxQueued = 8;

    /// Throws TranscodeError (on the caller's thread) when FFmpeg cannot transcode VP8.
    Vp8TranscodeWorker(Vp8ToH264::Options options, std::function<void(Output)> output,
                       std::function<void(const std::string& why)> failed);
    ~Vp8TranscodeWorker();
    Vp8TranscodeWorker(const Vp8TranscodeWorker&) = delete;
    Vp8TranscodeWorker& operator=(const Vp8TranscodeWorker&) = delete;

    /// Queues a frame at `ticks` (90 kHz bus time); never blocks.
    void push(std::string frame, std::int64_t ticks, bool keyframe, Clock::time_point arrival);
    /// Frames were dropped and the next keyframe has not been queued yet.
    bool wantsKeyframe() const { return _waitingForKeyframe.load(); }
    /// Frames dropped because the queue was full (and those after them until a keyframe).
    std::size_t droppedFrames() const { return _dropped.load(); }

private:
    struct Job {
        std::string frame;
        std::int64_t ticks = 0;
        bool keyframe = false;
        Clock::time_point arrival;
    };
    void run();

    Vp8ToH264 _transcoder;  ///< used only on the worker's thread once it runs
    std::function<void(Output)> _output;
    std::function<void(const std::string&)> _failed;
    std::mutex _mutex;
    std::condition_variable _wake;
    std::deque<Job> _queue;
    bool _stopping = false;
    std::atomic<bool> _waitingForKeyframe{false};
    std::atomic<std::size_t> _dropped{0};
    std::thread _thread;  ///< last: starts once everything above exists
};

}  // namespace sockstream::webrtc
