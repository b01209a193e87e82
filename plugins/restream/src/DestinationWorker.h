#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sockstream/media/MediaTypes.h"

namespace sockstream::restream {

/// Where one worker pushes: the key is in memory only while it runs.
struct DestinationTarget {
    std::string id;
    std::string name;
    std::string url;  ///< rtmp(s)://host[:port]/app, checked by DestinationRules
    std::string key;
};

struct WorkerLimits {
    std::size_t maxQueuedPackets = 600;
    std::chrono::milliseconds connectTimeout{10'000};
    std::chrono::milliseconds writeTimeout{10'000};
    std::chrono::milliseconds backoffMin{1'000};
    std::chrono::milliseconds backoffMax{60'000};
    /// rtmps:// servers' certificates are always verified (chain and host
    /// name); against this PEM file of trusted CAs when set, else the
    /// system's trust store.
    std::string tlsCaFile;
};

/// What the owner sees of one destination.
struct DestinationStatus {
    std::string state = "idle";  ///< idle, connecting, live, retrying, failed
    int bitrateKbps = 0;
    std::string lastError;        ///< words, never the key
    std::int64_t lastErrorAt = 0; ///< Unix ms
    std::int64_t since = 0;       ///< Unix ms when `state` began
    std::int64_t droppedPackets = 0;
    int reconnects = 0;
    std::int64_t retryAt = 0;     ///< Unix ms of the next attempt while `retrying`, else 0
};

/// Pushes one room's broadcast to one destination on a thread of its own,
/// fed through a bounded queue: offer() never blocks, so ingest, HLS and the
/// other destinations never wait for this one. When the queue is full the
/// worker has fallen behind: the queue is emptied, one line is logged for the
/// episode, and sending resumes at the next video keyframe. A lost connection
/// is retried with exponential back-off until stop().
class DestinationWorker {
public:
    using LogLine = std::function<void(const std::string&)>;

    DestinationWorker(std::string roomId, DestinationTarget target, WorkerLimits limits, std::vector<TrackInfo> tracks,
                      LogLine info, LogLine warn);
    ~DestinationWorker();  ///< stops and joins
    DestinationWorker(const DestinationWorker&) = delete;
    DestinationWorker& operator=(const DestinationWorker&) = delete;

    const DestinationTarget& target() const { return _target; }
    /// From the ingest's thread; never blocks on the network.
    void offer(const MediaPacket& packet);
    /// New sequence headers: the connection restarts with them (no back-off).
    void updateTracks(std::vector<TrackInfo> tracks);
    /// Asks the thread to end; the destructor joins it.
    void requestStop();
    DestinationStatus status() const;

private:
    void run();
    bool connectedSession();
    /// Under _mutex: the rest of offer() after an overflow already logged.
    void finishOverflow(const MediaPacket& packet, bool videoKey);
    void setState(const std::string& state);
    void recordError(const std::string& words);
    bool failedForGood();
    bool waitBackoff(std::chrono::milliseconds delay);

    const std::string _roomId;
    const DestinationTarget _target;
    const WorkerLimits _limits;
    const LogLine _info;
    const LogLine _warn;
    const std::string _label;  ///< "'name' (rtmp host)" for logs: no path, no key

    std::atomic<bool> _stop{false};
    mutable std::mutex _mutex;
    std::condition_variable _wake;
    std::deque<MediaPacket> _queue;
    std::vector<TrackInfo> _tracks;
    bool _tracksChanged = false;
    bool _accepting = false;   ///< connected: offer() queues
    bool _overflowing = false; ///< a drop episode: waiting for a keyframe
    bool _hasVideo = false;
    bool _behindLogged = false;    ///< this drop episode was logged; cleared when the worker makes progress
    bool _unusableTracks = false;  ///< the last attempt found no track FLV carries
    DestinationStatus _status;
    std::thread _thread;
};

}  // namespace sockstream::restream
