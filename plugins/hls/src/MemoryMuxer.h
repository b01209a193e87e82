#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "Container.h"
#include "sockstream/media/MediaTypes.h"

struct AVFormatContext;
struct AVIOContext;
struct AVPacket;

namespace sockstream::hls {

/// Remuxes (never transcodes) MediaPackets with libavformat into memory
/// through a custom AVIOContext. One instance is one timeline: for fMP4 one
/// init section followed by fragments, for MPEG-TS one self-contained segment.
/// Not thread-safe. Throws std::runtime_error when FFmpeg refuses.
class MemoryMuxer {
public:
    MemoryMuxer(Container container, const std::vector<TrackInfo>& tracks);
    ~MemoryMuxer();
    MemoryMuxer(const MemoryMuxer&) = delete;
    MemoryMuxer& operator=(const MemoryMuxer&) = delete;

    /// Whether HLS in this container can carry the codec (and we can describe it).
    static bool canCarry(Container container, Codec codec);

    Container container() const { return _container; }
    bool hasTrack(int trackId) const { return _streamByTrack.count(trackId) > 0; }
    /// Bytes written by the header: the fMP4 init section (ftyp+moov).
    const std::string& initSection() const { return _initSection; }

    /// `durationTicks` on the clock of the packet's dts.
    void write(const MediaPacket& packet, std::int64_t durationTicks);
    /// Ends the current fragment (fMP4 moof+mdat) and returns every byte written since the last call.
    std::string cutFragment();
    /// Writes the trailer and returns the remaining bytes; the muxer is done after this.
    std::string finish();

private:
    static int onWrite(void* opaque, std::uint8_t* data, int size);
    std::string takePending();

    Container _container;
    AVFormatContext* _format = nullptr;
    AVIOContext* _io = nullptr;
    AVPacket* _packet = nullptr;
    std::map<int, int> _streamByTrack;
    std::string _pending;
    std::string _initSection;
    bool _finished = false;
};

}  // namespace sockstream::hls
