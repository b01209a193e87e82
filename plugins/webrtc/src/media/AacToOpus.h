#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sockstream/media/MediaTime.h"

namespace sockstream::webrtc {

/// One Opus packet of `samples` (960: 20 ms) at 48 kHz.
struct OpusFrame {
    std::string data;
    /// The time of the packet's first decoded sample on a 48 kHz clock. The
    /// encoder's lookahead (312 samples) comes first in what it decodes to, and
    /// RTP carries no pre-skip, so this is the input's time minus the lookahead:
    /// a receiver plays every input sample at the input's own time.
    MediaTime pts{0, 48000};
    int samples = 0;
};

/// AAC (as the media bus carries it: raw frames, AudioSpecificConfig) to Opus
/// for WebRTC, meant to run once per stream while someone watches: libavcodec
/// decodes, libswresample converts to 48 kHz, libavcodec's libopus encoder
/// makes 20 ms packets.
///
/// Timestamps: the first frame's time, on 48 kHz, starts a run; from then on
/// every packet is exactly 960 samples after the one before, counted from the
/// samples themselves, so the millisecond rounding of RTMP timestamps never
/// accumulates (no drift). When the input's time leaves the samples' time by
/// more than `resyncAfter` (the encoder dropped audio, a reconnect), what is
/// buffered is finished with silence and a new run starts at the input's time
/// (never before the end of the previous run, so times only move forward).
///
/// Not thread-safe; a decoding error drops that frame and is counted.
class AacToOpus {
public:
    struct Options {
        int bitrate = 96'000;  ///< bit/s for the whole stream
        int channels = 2;      ///< 1 or 2: what the Opus stream carries (the input is mixed to it)
        std::chrono::milliseconds resyncAfter{100};
    };

    /// Throws TranscodeError for a malformed AudioSpecificConfig or an FFmpeg
    /// without the AAC decoder or the libopus encoder.
    explicit AacToOpus(std::string_view audioSpecificConfig);
    AacToOpus(std::string_view audioSpecificConfig, Options options);
    ~AacToOpus();
    AacToOpus(const AacToOpus&) = delete;
    AacToOpus& operator=(const AacToOpus&) = delete;

    /// One raw AAC frame presented at `pts` (on the track's own clock). Returns
    /// the Opus packets completed by it (usually 0 or 1, in order).
    std::vector<OpusFrame> push(std::string_view aacFrame, MediaTime pts);

    /// The end of the stream: what remains, finished with silence, and the
    /// encoder's last packets. push() after flush() throws TranscodeError.
    std::vector<OpusFrame> flush();

    /// AAC frames the decoder refused (dropped).
    std::size_t droppedFrames() const;
    /// Runs started after the first (time jumps followed).
    std::size_t resyncs() const;

private:
    class Impl;
    std::unique_ptr<Impl> _impl;
};

}  // namespace sockstream::webrtc
