#pragma once

#include <chrono>

#include "AudioTranscoder.h"

namespace sockstream::webrtc {

/// Opus from a WHIP publisher to AAC-LC for the HLS packager: libavcodec's
/// Opus decoder, libswresample, libavcodec's own AAC encoder at 48 kHz, 1024
/// samples a frame. Feed it Opus packets with their 48 kHz RTP time
/// (unwrapped); put the frames on the media bus as an AAC track whose
/// codecConfig is encoderConfig() and whose clock is 48000. Each frame's pts
/// is its first decoded sample's time, the encoder's 1024 samples of priming
/// included. Timestamps as AudioTranscoder explains: a silence gap (DTX) of
/// more than `resyncAfter` starts a new run.
class OpusToAac : public AudioTranscoder {
public:
    struct Options {
        int bitrate = 128'000;
        int channels = 2;
        std::chrono::milliseconds resyncAfter{100};
    };

    /// Throws TranscodeError for an FFmpeg without the Opus decoder or AAC encoder.
    OpusToAac();
    explicit OpusToAac(Options options);
};

}  // namespace sockstream::webrtc
