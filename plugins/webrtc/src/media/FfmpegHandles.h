#pragma once

#include <string>

#include "TranscodeError.h"
#include "sockstream-ffmpeg/FfmpegHandles.h"

namespace sockstream::webrtc::ffmpeg {

// The owning handles are the shared tier's (libs/ffmpeg); the transcoders
// name them here so their code reads ffmpeg::FramePtr as before.
using lib::ffmpeg::CodecContextPtr;
using lib::ffmpeg::errorText;
using lib::ffmpeg::FifoPtr;
using lib::ffmpeg::FramePtr;
using lib::ffmpeg::PacketPtr;
using lib::ffmpeg::ResamplerPtr;

/// Throws TranscodeError("<what>: <FFmpeg's words>") for a negative code.
inline int check(int code, const char* what) {
    if (code < 0) throw TranscodeError(std::string(what) + ": " + errorText(code));
    return code;
}

}  // namespace sockstream::webrtc::ffmpeg
