#include "AacToOpus.h"

#include <string>

extern "C" {
#include <libavutil/samplefmt.h>
}

#include "TranscodeError.h"
#include "sockstream/codec/AudioSpecificConfig.h"
#include "sockstream/codec/RecordError.h"

namespace sockstream::webrtc {

namespace {
AudioTranscoder::Setup setup(std::string_view audioSpecificConfig, const AacToOpus::Options& options) {
    try {
        (void)codec::AudioSpecificConfig::parse(audioSpecificConfig);
    } catch (const codec::RecordError& error) {
        throw TranscodeError(std::string("the AAC track's AudioSpecificConfig is malformed: ") + error.what());
    }
    // FFmpeg's libopus wrapper only warns about an out-of-range level and uses 10.
    if (options.complexity < 0 || options.complexity > 10) throw TranscodeError("the Opus complexity must be 0-10");
    AudioTranscoder::Setup setup;
    setup.decoder = "aac";
    setup.decoderConfig = std::string(audioSpecificConfig);
    setup.encoder = "libopus";
    // RFC 7587: one 20 ms frame a packet; "audio" suits music and speech alike.
    // compression_level is libopus's complexity (see AacToOpus::Options).
    setup.encoderOptions = {{"frame_duration", "20"}, {"application", "audio"}, {"compression_level", std::to_string(options.complexity)}};
    setup.outputRate = 48000;
    setup.channels = options.channels;
    setup.sampleFormat = AV_SAMPLE_FMT_FLT;  // interleaved float: libopus's own input
    setup.frameSize = 960;
    setup.bitrate = options.bitrate;
    setup.resyncAfter = options.resyncAfter;
    return setup;
}
}  // namespace

AacToOpus::AacToOpus(std::string_view audioSpecificConfig) : AacToOpus(audioSpecificConfig, Options{}) {}
AacToOpus::AacToOpus(std::string_view audioSpecificConfig, Options options)
    : AudioTranscoder(setup(audioSpecificConfig, options)) {}

}  // namespace sockstream::webrtc
