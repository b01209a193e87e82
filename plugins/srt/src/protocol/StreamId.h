#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sockstream::srt {

/// What an SRT caller asked for in its stream ID (SRTO_STREAMID), read before
/// the connection is accepted. Three spellings carry a stream key:
///   "publish:<key>"            what "Prepare to stream" shows (ffmpeg, GStreamer)
///   "#!::r=<key>,m=publish"    SRT's access-control convention (OBS, srt-live-transmit);
///                              keys in any order, "u" and unknown keys ignored
///   "<key>"                    a bare key
struct StreamIdRequest {
    enum class Outcome {
        Publish,    ///< `key` is the stream key to check
        WrongMode,  ///< a well-formed request for something other than publishing (m=request, "play:")
        Malformed,  ///< empty, too long, bad characters or bad access-control syntax
    };
    Outcome outcome = Outcome::Malformed;
    std::string key;
    /// Words for the log when not Publish, never containing the key.
    std::string problem;
};

/// Limits of the parser: libsrt carries at most 512 bytes of stream ID.
struct StreamIdLimits {
    std::size_t maxStreamIdBytes = 512;
    std::size_t maxKeyBytes = 256;
};

/// Parses a stream ID. Never throws; every input gets an outcome.
StreamIdRequest parseStreamId(std::string_view streamId, const StreamIdLimits& limits = {});

}  // namespace sockstream::srt
