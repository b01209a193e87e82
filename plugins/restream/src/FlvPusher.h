#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sockstream/media/MediaTypes.h"

struct AVFormatContext;
struct AVPacket;

namespace sockstream::restream {

/// One connection to an RTMP(S) server: FFmpeg's flv muxer writing through
/// its own rtmp/rtmps client. Remuxes, never transcodes. Every blocking call
/// (connect, handshake, each write) is bounded by a deadline and by `stop`,
/// checked by FFmpeg's interrupt callback, so a destination that stops
/// reading cannot hold the worker forever. An rtmps:// server's certificate
/// is verified (FFmpeg's TLS does not by default): against `tlsCaFile` when
/// not empty, else the system's trust store. Not thread-safe; throws
/// std::runtime_error with FFmpeg's words (never the URL) when a step fails.
class FlvPusher {
public:
    FlvPusher(const std::string& url, const std::vector<TrackInfo>& tracks, const std::atomic<bool>& stop,
              std::chrono::milliseconds connectTimeout, const std::string& tlsCaFile = {});
    ~FlvPusher();
    FlvPusher(const FlvPusher&) = delete;
    FlvPusher& operator=(const FlvPusher&) = delete;

    /// Whether FLV (with FFmpeg's enhanced-RTMP support) carries the codec.
    static bool canCarry(Codec codec);

    /// Writes one packet; `originMs` is subtracted so each connection starts near 0.
    /// Returns the bytes handed to the muxer; throws when the server stops taking them in time.
    std::size_t write(const MediaPacket& packet, std::int64_t originMs, std::chrono::milliseconds timeout);
    /// Ends the stream politely (FCUnpublish) within `timeout`; never throws.
    void close(std::chrono::milliseconds timeout);

private:
    static int interrupted(void* opaque);
    void release();

    const std::atomic<bool>& _stop;
    std::chrono::steady_clock::time_point _deadline;
    AVFormatContext* _format = nullptr;
    AVPacket* _packet = nullptr;
    std::map<int, int> _streamByTrack;
    bool _headerWritten = false;
};

}  // namespace sockstream::restream
