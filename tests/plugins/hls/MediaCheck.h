#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sockstream::hls::test {

/// What libavformat/libavcodec make of a segment: every packet is decoded.
struct MediaReport {
    bool opened = false;
    std::string format;
    int videoPackets = 0;
    int audioPackets = 0;
    int decodedVideoFrames = 0;
    int decodedAudioFrames = 0;
    int decodeErrors = 0;
    bool firstVideoPacketIsKeyframe = false;
    std::vector<std::int64_t> videoDtsMs;   ///< in demux order
    std::vector<std::int64_t> videoPtsMs;
    std::vector<std::int64_t> audioPtsMs;
    std::int64_t lastVideoDurationMs = 0;
    /// Exact times as the container stores them, in ticks of its track timescale.
    std::vector<std::int64_t> videoDtsTicks;
    std::vector<std::int64_t> audioPtsTicks;
    int videoTimescale = 0;
    int audioTimescale = 0;
    /// Where each track starts and ends on screen (pts, pts + duration), in
    /// microseconds as MSE keeps them; -1 without that track.
    std::int64_t videoStartUs = -1;
    std::int64_t videoEndUs = -1;
    std::int64_t audioStartUs = -1;
    std::int64_t audioEndUs = -1;
};

class MediaCheck {
public:
    static MediaReport inspect(const std::string& bytes);
};

}  // namespace sockstream::hls::test
