#include "Vp8TranscodeWorker.h"

#include "TranscodeError.h"

namespace sockstream::webrtc {

Vp8TranscodeWorker::Vp8TranscodeWorker(Vp8ToH264::Options options, std::function<void(Output)> output,
                                       std::function<void(const std::string& why)> failed)
    : _transcoder(std::move(options)),
      _output(std::move(output)),
      _failed(std::move(failed)),
      _thread([this] { run(); }) {}

Vp8TranscodeWorker::~Vp8TranscodeWorker() {
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _wake.notify_one();
    _thread.join();
}

void Vp8TranscodeWorker::push(std::string frame, std::int64_t ticks, bool keyframe, Clock::time_point arrival) {
    {
        std::lock_guard lock(_mutex);
        if (_stopping) return;
        if (_waitingForKeyframe.load() && !keyframe) {
            ++_dropped;
            return;
        }
        if (_queue.size() >= kMaxQueued) {
            // Behind by a quarter of a second: drop, and restart at a keyframe.
            ++_dropped;
            _waitingForKeyframe = true;
            return;
        }
        _waitingForKeyframe = false;
        _queue.push_back({std::move(frame), ticks, keyframe, arrival});
    }
    _wake.notify_one();
}

void Vp8TranscodeWorker::run() {
    while (true) {
        Job job;
        {
            std::unique_lock lock(_mutex);
            _wake.wait(lock, [this] { return _stopping || !_queue.empty(); });
            if (_stopping) return;
            job = std::move(_queue.front());
            _queue.pop_front();
        }
        Output out;
        try {
            out.units = _transcoder.push(job.frame, job.ticks, job.keyframe);
        } catch (const TranscodeError& error) {
            _failed(error.what());
            std::lock_guard lock(_mutex);
            _queue.clear();
            _stopping = true;  // nothing further can be encoded; the owner ends the session
            return;
        }
        if (out.units.empty()) continue;
        out.sps = _transcoder.sequenceParameterSet();
        out.pps = _transcoder.pictureParameterSet();
        out.arrival = job.arrival;
        _output(std::move(out));
    }
}

}  // namespace sockstream::webrtc
