#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "Timeline.h"
#include "sockstream/media/MediaTypes.h"

namespace sockstream::hls {

struct PlaylistSettings {
    std::string generation;          ///< part of every media URI, so a new broadcast never hits old caches
    std::int64_t targetDurationMs = 2000;
    /// The segmenter's ceiling (segmentCeilingMs()); 0: the target.
    std::int64_t maxSegmentMs = 0;
    std::int64_t partTargetMs = 334;
    bool lowLatency = true;
};

/// Writes RFC 8216bis playlists: the multivariant playlist and the (LL-HLS)
/// media playlist of a Timeline.
class PlaylistWriter {
public:
    static std::string multivariant(const std::vector<TrackInfo>& tracks, std::int64_t bandwidthBitsPerSecond,
                                    const std::string& mediaUri = "media.m3u8");
    static std::string media(const Timeline& timeline, const PlaylistSettings& settings);
    /// EXT-X-TARGETDURATION: the segment ceiling in whole seconds, the same in
    /// every playlist of a stream (only a segment that overran it, which the
    /// segmenter prevents, would raise it).
    static std::int64_t targetDurationSeconds(const Timeline& timeline, const PlaylistSettings& settings);
    /// ISO 8601 with milliseconds, UTC.
    static std::string formatDateTime(std::chrono::system_clock::time_point time);
    static std::string formatSeconds(std::int64_t milliseconds);
};

}  // namespace sockstream::hls
