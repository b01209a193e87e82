#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Logger.h>

#include "HlsConfig.h"
#include "PlaylistWriter.h"
#include "Segmenter.h"
#include "Timeline.h"
#include "WriteThrough.h"
#include "sockstream/media/MediaTypes.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::hls {

/// One broadcast's HLS: the segmenter (driven by the ingest thread) and the
/// published timeline with its rendered playlist (read by any I/O thread).
/// Readers only copy shared pointers under the lock, so a slow viewer never
/// holds back the packager; held requests are callbacks, not threads.
class LiveStream : public std::enable_shared_from_this<LiveStream> {
public:
    /// Called once: true when what was waited for exists, false on timeout or end.
    using Wake = std::function<void(bool available)>;
    using Thumbnail = std::function<void(std::shared_ptr<const std::string> jpeg)>;

    LiveStream(const StreamInfo& info, const HlsConfig& config, Scheduler& scheduler, Poco::Logger& logger,
               std::shared_ptr<WriteThrough> writeThrough);
    ~LiveStream();

    // Ingest thread.
    void setTracks(const std::vector<TrackInfo>& tracks);
    void push(const MediaPacket& packet);
    /// The encoder went away; the next packets (if it resumes) start after a discontinuity.
    void interrupt();
    /// The broadcast is over: EXT-X-ENDLIST, held requests are answered.
    void close();

    // Any thread.
    const std::string& roomId() const { return _roomId; }
    const std::string& broadcastId() const { return _broadcastId; }
    const std::string& generation() const { return _generation; }
    bool ended() const;
    std::chrono::steady_clock::time_point endedAt() const;
    bool hasMedia() const;
    /// Whether a playlist lists a complete segment: hls.js refuses playlists
    /// with parts only ("No Segments found in Playlist"), so playlists wait for one.
    bool playable() const;
    /// Calls `wake` once the first segment is complete (true), or after the
    /// blocking-reload timeout or the end (false). False if too many are waiting.
    bool waitUntilPlayable(Wake wake);
    std::string refusal() const;

    struct Playlist {
        std::shared_ptr<const std::string> text;
        std::string etag;
    };
    Playlist mediaPlaylist() const;
    std::shared_ptr<const std::string> multivariant() const;
    MediaBytes initSection(std::int64_t id) const;
    MediaBytes segment(std::int64_t msn) const;
    MediaBytes part(std::int64_t msn, int index) const;
    /// Whether a blocking reload for (msn, part) is within the spec's reach:
    /// at most two segments ahead of the last one.
    bool reachable(std::int64_t msn) const;
    /// Calls `wake` when part `part` of segment `msn` (whole segment for -1)
    /// exists, or with false after the timeout. False if too many are waiting.
    bool waitFor(std::int64_t msn, int part, Wake wake);
    /// Latest keyframe as JPEG, re-rendered off the I/O thread when older than the refresh interval.
    void thumbnail(Thumbnail done);
    /// Answers every held request (plugin stop).
    void releaseWaiters();

private:
    struct Waiter {
        std::uint64_t id = 0;
        std::int64_t msn = 0;
        int part = -1;
        Wake wake;
        std::shared_ptr<TimerHandle> timer;
    };

    void apply(const std::function<void(Timeline&)>& change);
    std::vector<Wake> takeReadyLocked();
    void renderLocked();
    void expire(std::uint64_t id);
    void writeThroughLocked();

    const std::string _roomId;
    const std::string _broadcastId;
    const std::string _generation;
    const HlsConfig _config;
    Scheduler& _scheduler;
    Poco::Logger& _logger;
    std::shared_ptr<WriteThrough> _writeThrough;
    PlaylistSettings _playlistSettings;

    Segmenter _segmenter;  ///< ingest thread only

    mutable std::mutex _mutex;
    Timeline _timeline;
    std::vector<TrackInfo> _tracks;
    std::string _refusal;
    std::shared_ptr<const std::string> _playlist;
    std::uint64_t _renderedVersion = ~0ull;
    std::list<Waiter> _waiters;
    std::uint64_t _nextWaiterId = 1;
    std::optional<Keyframe> _keyframe;
    std::int64_t _peakBitsPerSecond = 0;
    std::int64_t _writtenMsn = -1;
    bool _ended = false;
    std::chrono::steady_clock::time_point _endedAt;

    std::mutex _thumbnailMutex;
    std::shared_ptr<const std::string> _thumbnail;
    std::chrono::steady_clock::time_point _thumbnailAt;
    bool _rendering = false;
    std::vector<Thumbnail> _thumbnailWaiters;
};

}  // namespace sockstream::hls
