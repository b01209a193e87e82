#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sockstream/media/MediaTypes.h"

struct AVFormatContext;
struct AVIOContext;
struct AVPacket;

namespace sockstream::recordings {

/// libavformat's mp4 muxer, fragmented, writing into memory: the init section
/// (ftyp + moov) once, then one moof + mdat per cut(). Remuxes, never
/// transcodes. Packet times go in on each track's own clock. Not thread-safe.
/// Throws std::runtime_error when FFmpeg refuses.
class FragmentMuxer {
public:
    explicit FragmentMuxer(const std::vector<TrackInfo>& tracks);
    ~FragmentMuxer();
    FragmentMuxer(const FragmentMuxer&) = delete;
    FragmentMuxer& operator=(const FragmentMuxer&) = delete;

    /// Whether fMP4 can carry this codec with the configuration we have.
    static bool carries(const TrackInfo& track);
    bool hasTrack(int trackId) const { return _streams.count(trackId) > 0; }
    const std::string& initSection() const { return _init; }

    /// dts, pts and duration count ticks of `rate` per second.
    void write(int trackId, std::int64_t dts, std::int64_t pts, std::int64_t duration, std::int32_t rate,
               bool keyframe, std::string_view data);
    /// Ends the fragment in progress and hands over its bytes (empty when it held nothing).
    std::string cut();

private:
    static int collect(void* self, std::uint8_t* data, int size);

    AVFormatContext* _format = nullptr;
    AVIOContext* _io = nullptr;
    AVPacket* _packet = nullptr;
    std::map<int, int> _streams;  ///< track id -> stream index
    std::string _written;
    std::string _init;
    bool _pendingSamples = false;
};

}  // namespace sockstream::recordings
