#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>


namespace sockstream::webrtc {

/// One H.264 access unit out of the transcoder, as the media bus carries it:
/// NAL units with 4-byte length prefixes (SPS and PPS in-band before each IDR,
/// as a browser's H.264 WHIP stream has them).
struct TranscodedAccessUnit {
    std::string data;
    std::int64_t ticks = 0;  ///< 90 kHz, the VP8 frame's time
    bool keyframe = false;   ///< an IDR
};

/// VP8 from a WHIP publisher whose browser offers nothing else, to H.264 for
/// the HLS packager and WHEP viewers: libavcodec's vp8 decoder, then libx264
/// (preset veryfast, tune zerolatency: no lookahead, no B-frames, so every
/// frame comes out as it goes in and decode order is presentation order). An
/// IDR at every VP8 keyframe and at least every `maxKeyframeInterval`, so HLS
/// segments and a new WHEP viewer start promptly. The picture size comes from
/// the decoded frames; when it changes (a browser adapting to its bandwidth or
/// CPU) the encoder is opened again, starting with an IDR and new SPS/PPS.
/// CPU: one decode and one encode per frame, about 0.3 of a core for
/// 1280x720 at 30 fps and 0.14 for 640x480 (see the plugin's README). Not thread-safe.
class Vp8ToH264 {
public:
    struct Options {
        int bitrate = 2'500'000;  ///< bits per second of the H.264
        std::chrono::milliseconds maxKeyframeInterval{2000};
        std::string preset = "veryfast";
    };

    /// Throws TranscodeError for an FFmpeg without the vp8 decoder or libx264.
    Vp8ToH264();
    explicit Vp8ToH264(Options options);
    ~Vp8ToH264();

    /// One VP8 frame at `ticks` (90 kHz, increasing). Returns the access units
    /// it gave (usually one). Throws TranscodeError when the encoder cannot be
    /// opened; a frame the decoder rejects is skipped (an IDR is then forced).
    std::vector<TranscodedAccessUnit> push(std::string_view frame, std::int64_t ticks, bool keyframe);

    /// The latest SPS and PPS the encoder gave, for an avcC (avcDecoderConfig()).
    const std::string& sequenceParameterSet() const;
    const std::string& pictureParameterSet() const;
    /// The picture size being encoded (0 before the first decoded frame).
    int width() const;
    int height() const;
    /// Frames the VP8 decoder rejected.
    std::size_t rejectedFrames() const;

private:
    // FFmpeg's types stay out of this header: the plugin's code includes it.
    struct Codecs;
    std::unique_ptr<Codecs> _codecs;
};

}  // namespace sockstream::webrtc
