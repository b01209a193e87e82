#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>

#include "sockstream/media/MediaTypes.h"

namespace sockstream::hls {

/// Orders one broadcast's packets on their way into the Segmenter so that
/// every part (and so every segment) carries its audio up to where its video
/// ends in *presentation* time, the straddling audio frame included.
///
/// Why: a fragment with audio and video goes into one MSE SourceBuffer, whose
/// buffered range is where both tracks are buffered. When a part's audio
/// ended before its video (by the B-frame delay and up to one AAC frame,
/// 16–90 ms), hls.js 1.7 found the end of its buffer inside the segment it had
/// just loaded and loaded that segment's parts again, 39 times in a row at a
/// broadcast's start (bench/start, BENCH_DEBUG=2), while playback stalled.
///
/// How: the Segmenter writes an audio packet into the open part when the next
/// packet of its track arrives (that gives its duration), and cuts before a
/// lead video frame the moment that frame arrives. So an audio frame lands
/// before a cut at video frame V exactly when its successor reaches the
/// Segmenter before V. This class therefore lets a video frame that a part
/// may start with (a keyframe, or a frame shown after every earlier one)
/// through only once an audio packet starting at or after the presentation
/// end of the video before it has arrived, and holds back an audio packet
/// whose predecessor starts at or after that end until the video catches up.
/// Each track keeps its own order; only the interleaving changes. Cuts come
/// later by the B-frame delay plus up to one audio frame (about 0.1 s with 2
/// B-frames). Waiting is bounded by `maxWaitMs` of the other track's media, so
/// a silent or far-off track only loses the alignment.
///
/// Not thread-safe (driven by the ingest's thread, like the Segmenter).
class AudioVideoAligner {
public:
    using Emit = std::function<void(const MediaPacket&)>;

    AudioVideoAligner(std::int64_t maxWaitMs, std::int64_t timestampJumpMs);

    /// Starts over for a new set of tracks. `leadVideoTrack` is the video
    /// track parts are cut on; -1 (no video leads): packets pass straight
    /// through. Call drain() first: reset() drops whatever still waits.
    void reset(int leadVideoTrack);
    /// Takes a packet and emits, in order, every packet that may go on now.
    void push(const MediaPacket& packet, const Emit& emit);
    /// Emits everything still waiting (the encoder is gone), in order.
    void drain(const Emit& emit);
    std::size_t waiting() const { return _video.size() + _others.size(); }

    /// Slack on the presentation end: RTMP timestamps are whole milliseconds,
    /// so the end estimated from them can be 1 ms early.
    static constexpr std::int64_t kMarginMs = 2;

private:
    struct Other {
        MediaPacket packet;
        std::optional<MediaTime> predecessorDts;  ///< of the previous packet of its track
    };

    void pump(const Emit& emit);
    bool cuttable(const MediaPacket& video) const;
    bool videoMayPass(const MediaPacket& video) const;
    bool otherMayPass(const Other& other) const;
    /// Where the lead video let through so far ends on screen, plus kMarginMs; none before the first frame.
    std::optional<MediaTime> presentationEnd() const;
    void passVideo(const MediaPacket& video, const Emit& emit);
    bool jumps(const MediaTime& from, const MediaTime& to) const;

    std::int64_t _maxWaitMs;
    std::int64_t _jumpMs;
    int _lead = -1;
    std::deque<MediaPacket> _video;
    std::deque<Other> _others;
    std::map<int, MediaTime> _newestOther;  ///< per other track: dts of its newest packet
    std::optional<MediaTime> _newestVideoDts;
    // Of the lead video let through so far.
    std::optional<MediaTime> _maxPts;
    std::optional<MediaTime> _lastDts;
    std::int64_t _lastStepTicks = 0;  ///< between the last two frames, on the video clock
};

}  // namespace sockstream::hls
