#include "RecordingIndex.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sockstream-text/IsoTime.h"

namespace sockstream::recordings {

std::vector<TimelinePiece> timelineOf(const std::vector<SegmentEntry>& segments) {
    std::vector<TimelinePiece> pieces;
    int current = -1;
    for (const auto& segment : segments) {
        if (pieces.empty() || segment.piece != current) {
            current = segment.piece;
            pieces.push_back(TimelinePiece{segment.wallClockMs, segment.mediaStartSec, 0});
        }
        pieces.back().durationSec += segment.durationSec;
    }
    return pieces;
}

namespace {
std::string seconds(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", value);
    return text;
}
}  // namespace

std::string vodPlaylist(const std::vector<SegmentEntry>& segments, bool finished) {
    double longest = 1;
    for (const auto& segment : segments) longest = std::max(longest, segment.durationSec);
    std::string out;
    out.reserve(128 + segments.size() * 40);
    out += "#EXTM3U\n#EXT-X-VERSION:7\n";
    // A segment's EXTINF rounded to the nearest second must not exceed it (RFC 8216 4.3.3.1).
    out += "#EXT-X-TARGETDURATION:" + std::to_string(static_cast<long long>(std::lround(std::ceil(longest)))) + "\n";
    out += finished ? "#EXT-X-PLAYLIST-TYPE:VOD\n" : "#EXT-X-PLAYLIST-TYPE:EVENT\n";
    out += "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"init.mp4\"\n";
    int piece = -1;
    for (const auto& segment : segments) {
        if (segment.piece != piece) {
            if (piece >= 0) out += "#EXT-X-DISCONTINUITY\n";
            piece = segment.piece;
            out += "#EXT-X-PROGRAM-DATE-TIME:" + lib::text::isoTime(segment.wallClockMs) + "\n";
        }
        out += "#EXTINF:" + seconds(segment.durationSec) + ",\n";
        out += std::to_string(segment.sequence) + ".m4s\n";
    }
    if (finished) out += "#EXT-X-ENDLIST\n";
    return out;
}

}  // namespace sockstream::recordings
