#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "Recorder.h"
#include "RecordingStore.h"
#include "RecordingsConfig.h"
#include "sockstream/media/MediaBus.h"
#include "sockstream/plugin/PluginContext.h"

namespace sockstream::recordings {

/// Observes every live stream on the media bus and records the rooms that
/// want it. The bus's callbacks only queue work (they run on the ingest's
/// thread and must never wait for a disk); one thread of ours muxes, writes and
/// indexes. The queue is bounded in bytes: when the disk cannot keep up, the
/// recording of the room whose packet overflowed it stops with that reason and
/// the live broadcast goes on untouched.
class RecorderThread : public MediaObserver {
public:
    RecorderThread(PluginContext& context, RecordingStore& store, const RecordingsConfig& config);
    ~RecorderThread() override;

    void start();
    /// Ends every recording in progress (as stopped: the server shut down) and joins the thread.
    void stop();
    /// Runs `task` on the recorder thread (retention sweeps, room deletion).
    void post(std::function<void()> task);
    /// Retention by age and quota; on the recorder thread, so it knows what is being recorded.
    void sweep();

    void onStreamOpened(const StreamInfo& info, bool resumed) override;
    void onTracksChanged(const StreamInfo& info) override;
    void onPacket(const StreamInfo& info, const MediaPacket& packet) override;
    void onStreamInterrupted(const StreamInfo& info) override;
    void onStreamClosed(const StreamInfo& info) override;

private:
    struct Task {
        std::function<void()> work;
        std::size_t bytes = 0;
    };
    void enqueue(Task task);
    void run();

    // Recorder thread only.
    void open(const StreamInfo& info, bool resumed);
    void finishRoom(const std::string& roomId, const std::string& state, const std::string& reason);
    void sweepNow();

    PluginContext& _context;
    RecordingStore& _store;
    const RecordingsConfig& _config;
    Poco::Logger& _logger;

    std::mutex _mutex;
    std::condition_variable _wake;
    std::deque<Task> _queue;
    std::size_t _queuedBytes = 0;
    bool _stopping = false;
    std::set<std::string> _overflowed;  ///< rooms whose packets are dropped until their next broadcast
    std::thread _thread;

    std::map<std::string, std::unique_ptr<Recorder>> _recorders;  ///< by room id; recorder thread only
    std::set<std::string> _stoppedBroadcasts;                     ///< not restarted when they resume
};

}  // namespace sockstream::recordings
