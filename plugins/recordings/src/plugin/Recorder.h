#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <Poco/Logger.h>

#include "FragmentMuxer.h"
#include "RecordingStore.h"
#include "RecordingsConfig.h"
#include "sockstream/media/MediaTypes.h"

namespace sockstream::recordings {

/// One recording being written: packets in, fMP4 fragments appended to the
/// recording's media file and indexed, one continuous timeline across encoder
/// reconnects (each reconnect starts a new piece, so the playlist marks a
/// discontinuity there). Lives on the recorder thread only.
class Recorder {
public:
    /// Called once when the recording stops early (disk full, quota), for the log and the owner.
    Recorder(RecordingStore& store, Poco::Logger& logger, const RecordingsConfig& config, const StreamInfo& info,
             std::string title, bool listed);
    ~Recorder();

    const std::string& id() const { return _row.id; }
    const std::string& broadcastId() const { return _info.broadcastId; }
    bool started() const { return _muxer != nullptr; }
    bool stopped() const { return _stopped; }
    /// Whether these tracks can continue the same media file (same codecs and configurations).
    bool continuesWith(const StreamInfo& info) const;

    void onTracks(const StreamInfo& info);
    void onPacket(const MediaPacket& packet);
    /// The encoder dropped: the fragment in progress is closed and indexed;
    /// the next packets (after a keyframe) start a new piece.
    void onInterrupted();
    /// Ends the recording for good: "complete", or "stopped" with a reason.
    void finish(const std::string& state, const std::string& reason);

    /// Where the poster is written (media thread renders it from the first keyframe).
    std::filesystem::path folder() const { return _folder; }

private:
    bool readyToStart() const;
    void startMuxer(const MediaPacket& first);
    void cutSegment(std::int64_t nextStartUs);
    bool append(const std::string& bytes);
    void stop(const std::string& reason);
    void writePoster(const MediaPacket& keyframe);

    RecordingStore& _store;
    Poco::Logger& _logger;
    const RecordingsConfig& _config;
    StreamInfo _info;
    RecordingRow _row;
    std::filesystem::path _folder;
    std::unique_ptr<FragmentMuxer> _muxer;
    int _file = -1;
    std::int64_t _fileSize = 0;
    bool _stopped = false;
    bool _finished = false;
    bool _hasVideo = false;
    bool _awaitingKeyframe = true;
    int _waitedPackets = 0;

    int _piece = -1;
    std::int64_t _pieceOffsetUs = 0;   ///< added to the ingest's times in this piece
    std::int64_t _pieceStartUs = 0;
    std::int64_t _endUs = 0;            ///< end of the last sample written, on the recording's timeline
    std::int64_t _segmentStartUs = 0;
    std::int64_t _segmentWallMs = 0;
    bool _segmentHasSamples = false;
    std::int64_t _sequence = 0;
    bool _posterDone = false;
    struct TrackClock {
        std::int64_t lastDts = 0;
        std::int64_t lastDelta = 0;
        bool seen = false;
    };
    std::map<int, TrackClock> _clocks;
};

}  // namespace sockstream::recordings
