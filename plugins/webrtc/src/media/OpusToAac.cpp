#include "OpusToAac.h"

extern "C" {
#include <libavutil/samplefmt.h>
}

namespace sockstream::webrtc {

namespace {
AudioTranscoder::Setup setup(const OpusToAac::Options& options) {
    AudioTranscoder::Setup setup;
    setup.decoder = "opus";
    // RTP Opus has no identification header: the decoder runs at 48 kHz, stereo (RFC 7587 7).
    setup.inputRate = 48000;
    setup.inputChannels = 2;
    setup.encoder = "aac";
    setup.outputRate = 48000;
    setup.channels = options.channels;
    setup.sampleFormat = AV_SAMPLE_FMT_FLTP;  // FFmpeg's AAC encoder takes planar float
    setup.frameSize = 1024;
    setup.bitrate = options.bitrate;
    setup.resyncAfter = options.resyncAfter;
    return setup;
}
}  // namespace

OpusToAac::OpusToAac() : OpusToAac(Options{}) {}
OpusToAac::OpusToAac(Options options) : AudioTranscoder(setup(options)) {}

}  // namespace sockstream::webrtc
