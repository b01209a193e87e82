#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sockstream::recordings {

/// One indexed fMP4 fragment of a recording. Every fragment lives in the
/// recording's one media file (after the init section), at [byteOffset, byteOffset + byteSize).
struct SegmentEntry {
    std::int64_t sequence = 0;     ///< 0, 1, 2 … in playback order; names "<sequence>.m4s"
    int piece = 0;                 ///< which continuous piece (0, then +1 after each encoder reconnect)
    double mediaStartSec = 0;      ///< where it starts in the recording's own timeline
    double durationSec = 0;
    std::int64_t byteOffset = 0;
    std::int64_t byteSize = 0;
    std::int64_t wallClockMs = 0;  ///< Unix ms when its first frame reached the server
};

/// A continuous piece of a recording: what chat replay needs to map a
/// moment of the video to the wall clock (and back).
struct TimelinePiece {
    std::int64_t atMs = 0;        ///< wall clock (Unix ms) of the piece's first frame
    double mediaStartSec = 0;     ///< where that frame is in the VOD
    double durationSec = 0;
};

/// The pieces the segments make, in order (segments must be in sequence order).
std::vector<TimelinePiece> timelineOf(const std::vector<SegmentEntry>& segments);

/// The HLS playlist of a recording: VOD with ENDLIST once it is over, EVENT
/// (growing, no ENDLIST) while it is still being recorded. One init section
/// (init.mp4) serves every segment; an encoder reconnect starts a piece after
/// EXT-X-DISCONTINUITY, with the wall clock of its start in EXT-X-PROGRAM-DATE-TIME.
std::string vodPlaylist(const std::vector<SegmentEntry>& segments, bool finished);

}  // namespace sockstream::recordings
