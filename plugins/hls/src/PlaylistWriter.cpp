#include "PlaylistWriter.h"

#include <algorithm>
#include <cstdio>

#include "CodecStrings.h"
#include "HlsRequest.h"
#include "sockstream-text/IsoTime.h"

namespace sockstream::hls {

std::string PlaylistWriter::formatSeconds(std::int64_t milliseconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%03lld", static_cast<long long>(milliseconds / 1000),
                  static_cast<long long>(milliseconds % 1000));
    return text;
}

std::string PlaylistWriter::formatDateTime(std::chrono::system_clock::time_point time) {
    return lib::text::isoTime(time);
}

std::string PlaylistWriter::multivariant(const std::vector<TrackInfo>& tracks, std::int64_t bandwidth,
                                         const std::string& mediaUri) {
    // No EXT-X-INDEPENDENT-SEGMENTS here: with LL-HLS, segments need not start
    // with a keyframe; each media playlist says so when all of its do.
    std::string text = "#EXTM3U\n#EXT-X-VERSION:6\n";
    text += "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(std::max<std::int64_t>(bandwidth, 1));
    std::string codecs = CodecStrings::join(tracks);
    if (!codecs.empty()) text += ",CODECS=\"" + codecs + "\"";
    for (const auto& track : tracks) {
        if (track.kind != MediaKind::Video) continue;
        if (track.width > 0 && track.height > 0)
            text += ",RESOLUTION=" + std::to_string(track.width) + "x" + std::to_string(track.height);
        if (track.frameRate > 0) {
            char rate[16];
            std::snprintf(rate, sizeof rate, "%.3f", track.frameRate);
            text += ",FRAME-RATE=" + std::string(rate);
        }
        break;
    }
    text += "\n" + mediaUri + "\n";
    return text;
}

std::int64_t PlaylistWriter::targetDurationSeconds(const Timeline& timeline, const PlaylistSettings& settings) {
    std::int64_t ceiling = std::max(settings.maxSegmentMs, settings.targetDurationMs);
    std::int64_t configured = (ceiling + 999) / 1000;
    std::int64_t longest = (timeline.longestSegmentMs() + 500) / 1000;  // EXTINF rounded must not exceed it
    return std::max<std::int64_t>({configured, longest, 1});
}

std::string PlaylistWriter::media(const Timeline& timeline, const PlaylistSettings& settings) {
    const bool fmp4 = timeline.container() == Container::Fmp4;
    const bool lowLatency = settings.lowLatency && fmp4;
    const auto& segments = timeline.segments();
    const std::size_t first = timeline.firstListed();
    const std::string extension = fmp4 ? "m4s" : "ts";

    std::string text = "#EXTM3U\n";
    text += fmp4 ? "#EXT-X-VERSION:6\n" : "#EXT-X-VERSION:3\n";
    text += "#EXT-X-TARGETDURATION:" + std::to_string(targetDurationSeconds(timeline, settings)) + "\n";
    if (lowLatency) {
        text += "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=" +
                formatSeconds(partHoldBackMs(settings.partTargetMs)) + "\n";
        text += "#EXT-X-PART-INF:PART-TARGET=" + formatSeconds(settings.partTargetMs) + "\n";
    }
    std::int64_t mediaSequence = first < segments.size() ? segments[first].msn : (segments.empty() ? 0 : segments.back().msn + 1);
    text += "#EXT-X-MEDIA-SEQUENCE:" + std::to_string(mediaSequence) + "\n";
    if (timeline.discontinuitySequence() > 0)
        text += "#EXT-X-DISCONTINUITY-SEQUENCE:" + std::to_string(timeline.discontinuitySequence()) + "\n";
    bool allIndependent = first < segments.size();
    for (std::size_t i = first; i < segments.size(); ++i) allIndependent = allIndependent && segments[i].independent;
    if (allIndependent) text += "#EXT-X-INDEPENDENT-SEGMENTS\n";

    // Parts are listed for the open segment, the last few complete ones, and
    // back to where a joining player should start.
    const std::size_t partsFrom = timeline.firstWithParts();
    if (lowLatency && !timeline.ended()) {
        // With long keyframe intervals the segment at the hold-back often has no
        // keyframe: players start at the newest part that has one (hls.js
        // measures a negative offset from the end of the last listed part) and
        // may then seek forward to the live edge inside what they loaded.
        if (auto start = timeline.startPoint())
            text += "#EXT-X-START:TIME-OFFSET=-" + formatSeconds(start->beforeEdgeMs) + ",PRECISE=YES\n";
    }

    std::int64_t currentInit = -1;
    const SegmentRecord* last = nullptr;
    for (std::size_t i = first; i < segments.size(); ++i) {
        const auto& segment = segments[i];
        if (!segment.complete && segment.parts.empty()) continue;  // nothing to say about it yet
        if (segment.discontinuity && i != first) text += "#EXT-X-DISCONTINUITY\n";
        if (fmp4 && segment.initId != currentInit) {
            currentInit = segment.initId;
            text += "#EXT-X-MAP:URI=\"" + HlsRequest::initName(settings.generation, currentInit) + "\"\n";
        }
        text += "#EXT-X-PROGRAM-DATE-TIME:" + formatDateTime(segment.programDateTime) + "\n";
        if (lowLatency && i >= partsFrom) {
            for (const auto& part : segment.parts) {
                text += "#EXT-X-PART:DURATION=" + formatSeconds(part.durationMs) + ",URI=\"" +
                        HlsRequest::partName(settings.generation, segment.msn, part.index) + "\"";
                if (part.independent) text += ",INDEPENDENT=YES";
                text += "\n";
            }
        }
        if (segment.complete) {
            text += "#EXTINF:" + formatSeconds(segment.durationMs) + ",\n";
            text += HlsRequest::segmentName(settings.generation, segment.msn, extension) + "\n";
        }
        last = &segment;
    }
    if (timeline.ended()) {
        text += "#EXT-X-ENDLIST\n";
    } else if (lowLatency && last) {
        // The part being written now; clients may request it before it exists.
        std::int64_t msn = last->complete ? last->msn + 1 : last->msn;
        int part = last->complete ? 0 : static_cast<int>(last->parts.size());
        text += "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"" + HlsRequest::partName(settings.generation, msn, part) + "\"\n";
    }
    return text;
}

}  // namespace sockstream::hls
