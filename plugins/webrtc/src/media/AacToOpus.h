#pragma once

#include <chrono>
#include <string_view>

#include "AudioTranscoder.h"

namespace sockstream::webrtc {

/// One Opus packet of 20 ms (960 samples) on a 48 kHz clock.
using OpusFrame = EncodedAudio;

/// AAC (as the media bus carries it: raw frames, AudioSpecificConfig) to Opus
/// for WebRTC, meant to run once per stream while someone watches: libavcodec
/// decodes, libswresample converts to 48 kHz, libavcodec's libopus encoder
/// makes 20 ms packets ("audio" application, complexity 5, 312 samples of lookahead, which
/// each packet's pts accounts for). Timestamps as AudioTranscoder explains.
class AacToOpus : public AudioTranscoder {
public:
    struct Options {
        int bitrate = 96'000;  ///< bit/s for the whole stream
        int channels = 2;      ///< 1 or 2: what the Opus stream carries (the input is mixed to it)
        /// libopus complexity, 0-10 (FFmpeg's compression_level). 5, not
        /// libopus's 10: about half the encoder's CPU, and at 96 kbit/s (CELT
        /// for music and speech) the difference is not one a listener hears.
        int complexity = 5;
        std::chrono::milliseconds resyncAfter{100};
    };

    /// Throws TranscodeError for a malformed AudioSpecificConfig, a complexity
    /// outside 0-10 or an FFmpeg without the AAC decoder or the libopus encoder.
    explicit AacToOpus(std::string_view audioSpecificConfig);
    AacToOpus(std::string_view audioSpecificConfig, Options options);
};

}  // namespace sockstream::webrtc
