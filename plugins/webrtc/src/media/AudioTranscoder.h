#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sockstream/media/MediaTime.h"

namespace sockstream::webrtc {

/// One encoded audio frame of `samples` at the output rate.
struct EncodedAudio {
    std::string data;
    /// The time of the frame's first decoded sample on the output clock. An
    /// encoder's lookahead or priming comes first in what a frame decodes to,
    /// and neither RTP Opus nor the packagers skip it, so this is the input's
    /// time minus that delay: a receiver plays every input sample at the input's own time.
    MediaTime pts;
    int samples = 0;
};

/// Decode, resample, re-encode one audio track with FFmpeg's libraries, once
/// per stream. AacToOpus and OpusToAac are its two configurations.
///
/// Timestamps: the first frame's time, on the output clock, starts a run; from
/// then on every frame is exactly `frameSize` samples after the one before,
/// counted from the samples themselves, so millisecond rounding of the input's
/// timestamps never accumulates (no drift). When the input's time leaves the
/// samples' time by more than `resyncAfter` (audio dropped, a reconnect), the
/// run is finished (the last frame padded with silence, the encoder drained)
/// and a new run starts at the input's time with a fresh encoder (never
/// before the previous run's end, so times only move forward). A run lasts at
/// least a second of audio, so timestamps that jump on every packet cost one
/// new encoder a second, not one a packet.
///
/// Not thread-safe. A frame the decoder refuses is dropped and counted.
class AudioTranscoder {
public:
    struct Setup {
        std::string decoder;        ///< FFmpeg decoder name, e.g. "aac", "opus"
        std::string decoderConfig;  ///< extradata (an AAC AudioSpecificConfig), may be empty
        int inputRate = 0;          ///< for decoders without a configuration record (Opus); 0: from the stream
        int inputChannels = 0;
        std::string encoder;        ///< FFmpeg encoder name, e.g. "libopus", "aac"
        std::map<std::string, std::string> encoderOptions;
        int outputRate = 48000;
        int channels = 2;           ///< 1 or 2; the input is mixed to it
        int sampleFormat = 0;       ///< AVSampleFormat the encoder takes: AV_SAMPLE_FMT_FLT or _FLTP
        int frameSize = 960;        ///< samples per encoded frame (checked against the encoder)
        int bitrate = 96'000;
        std::chrono::milliseconds resyncAfter{100};
    };

    /// Throws TranscodeError when a codec is missing or refuses the setup.
    explicit AudioTranscoder(Setup setup);
    ~AudioTranscoder();
    AudioTranscoder(const AudioTranscoder&) = delete;
    AudioTranscoder& operator=(const AudioTranscoder&) = delete;

    /// One input frame presented at `pts` (the track's own clock). Returns the
    /// frames it completed, in order (usually 0 or 1). Empty or over-64-KiB
    /// frames and frames the decoder refuses are dropped.
    std::vector<EncodedAudio> push(std::string_view input, MediaTime pts);

    /// The end of the stream: the rest, padded with silence, and the encoder's
    /// last frames. push() after flush() throws TranscodeError.
    std::vector<EncodedAudio> flush();

    std::size_t droppedFrames() const;
    std::size_t resyncs() const;
    /// The encoder's decoder configuration record (AAC: the AudioSpecificConfig
    /// for TrackInfo::codecConfig); empty if it has none.
    std::string encoderConfig() const;

private:
    class Impl;
    std::unique_ptr<Impl> _impl;
};

}  // namespace sockstream::webrtc
