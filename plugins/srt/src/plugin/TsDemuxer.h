#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sockstream/media/MediaTypes.h"

struct AVFormatContext;
struct AVIOContext;
struct AVPacket;

namespace sockstream::srt {

/// An MPEG-TS demuxer (libavformat's) reading through a callback instead of a
/// file or URL: bytes arrive from the SRT socket, nothing touches the disk.
/// Not thread-safe: the connection's thread drives it.
class TsDemuxer {
public:
    /// Fills up to `size` bytes; returns how many, or a negative AVERROR
    /// (AVERROR_EOF when the peer is gone, AVERROR_EXIT to give up).
    using Read = std::function<int(std::uint8_t* buffer, int size)>;

    /// An elementary stream of the programme, described in the media bus's terms
    /// (id and clockRate are the caller's to set).
    struct Track {
        int streamIndex = -1;
        TrackInfo info;
    };

    struct Packet {
        int streamIndex = -1;
        std::string data;
        /// Wire timestamps on the 90 kHz clock (33 bits); empty when the stream had none.
        std::optional<std::int64_t> pts;
        std::optional<std::int64_t> dts;
    };

    TsDemuxer(Read read, std::chrono::milliseconds analyzeDuration);
    ~TsDemuxer();
    TsDemuxer(const TsDemuxer&) = delete;
    TsDemuxer& operator=(const TsDemuxer&) = delete;

    /// Reads the PAT/PMT and enough of the stream to know its tracks. Throws
    /// std::runtime_error in words (not MPEG-TS, no programme found).
    void open();
    /// Every elementary stream the programme declared, supported or not.
    std::vector<Track> tracks() const;
    /// The next packet; false at the end of the stream. Throws std::runtime_error on a read error.
    bool next(Packet& packet);
    /// Streams added since open() (a PMT that changed mid-stream) show up here.
    std::optional<Track> track(int streamIndex) const;

private:
    static int readThunk(void* opaque, std::uint8_t* buffer, int size);

    Read _read;
    std::chrono::milliseconds _analyzeDuration;
    AVIOContext* _io = nullptr;
    AVFormatContext* _format = nullptr;
    AVPacket* _packet = nullptr;
};

}  // namespace sockstream::srt
