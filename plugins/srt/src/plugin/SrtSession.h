#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../protocol/TsTimeline.h"
#include "ResumePoints.h"
#include "SrtConfig.h"
#include "SrtMetrics.h"
#include "TsDemuxer.h"
#include "sockstream/SockStream.h"

namespace sockstream::srt {

/// One accepted SRT publisher, whose key the listen callback already checked:
/// reads MPEG-TS from the socket on its own thread (run()), turns H.264 and AAC
/// into media-bus packets on a 90 kHz clock and publishes them under the grant.
class SrtSession {
public:
    SrtSession(PluginContext& context, const SrtConfig& config, SrtMetrics& metrics, ResumePoints& resumePoints,
               int socket, PublishGrant grant, std::string remote);
    ~SrtSession();
    SrtSession(const SrtSession&) = delete;
    SrtSession& operator=(const SrtSession&) = delete;

    /// The connection's whole life; returns when the peer left, went silent,
    /// sent something unusable, or close() was called. Closes the socket.
    void run();
    /// From any thread: makes run() return within a fraction of a second.
    void close() { _closing = true; }
    bool done() const { return _done; }
    const std::string& remote() const { return _remote; }

private:
    struct TrackState {
        int streamIndex = -1;
        TrackInfo info;
        bool configured = false;
    };

    int readSocket(std::uint8_t* buffer, int size);
    void chooseTracks(const TsDemuxer& demuxer);
    void handle(const TsDemuxer& demuxer, TsDemuxer::Packet& packet);
    void handleVideo(TrackState& track, TsDemuxer::Packet& packet);
    void handleAudio(TrackState& track, TsDemuxer::Packet& packet);
    void deliver(MediaPacket packet);
    void damaged(const char* what, const std::string& why);
    void openWhenReady(bool force);
    std::vector<TrackInfo> trackInfos() const;
    std::string describe() const;

    PluginContext& _context;
    const SrtConfig& _config;
    SrtMetrics& _metrics;
    Poco::Logger& _logger;
    int _socket;
    PublishGrant _grant;
    std::string _remote;
    ResumePoints::Point _resumePoint;
    std::optional<TsTimeline> _timeline;

    std::optional<TrackState> _video;
    std::optional<TrackState> _audio;
    bool _sawKeyframe = false;
    std::deque<MediaPacket> _pending;
    std::unique_ptr<MediaPublisher> _publisher;
    bool _publishingCounted = false;
    std::uint64_t _damagedPackets = 0;
    int _consecutiveDamaged = 0;

    // The socket's partly read message: libsrt hands out whole messages, libavformat asks for any size.
    std::vector<std::uint8_t> _message;
    std::size_t _messageOffset = 0;
    std::chrono::steady_clock::time_point _lastData;
    std::chrono::steady_clock::time_point _connectedAt;
    bool _openTimedOut = false;
    bool _silent = false;

    std::atomic<bool> _closing{false};
    /// The bus took the broadcast away (another encoder resumed it, or the owner stopped it).
    std::shared_ptr<std::atomic<bool>> _released = std::make_shared<std::atomic<bool>>(false);
    std::atomic<bool> _done{false};
};

}  // namespace sockstream::srt
