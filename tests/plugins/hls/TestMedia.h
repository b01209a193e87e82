#pragma once

#include <string>
#include <vector>

#include "sockstream/media/MediaTypes.h"

namespace sockstream::hls::test {

/// Real H.264/AAC media made by the ffmpeg CLI (lavfi testsrc + sine, libx264,
/// FLV like an RTMP ingest), demuxed with libavformat into MediaPackets.
struct TestMedia {
    std::vector<TrackInfo> tracks;
    std::vector<MediaPacket> packets;  ///< in file (interleaved) order

    /// Cached per (seconds, gop): encoding takes a moment.
    static const TestMedia& h264Aac(int seconds = 7, int gopFrames = 30);
    static TestMedia fromFile(const std::string& path);
    std::vector<MediaPacket> only(int trackId) const;
};

/// A temporary directory removed at destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return _path; }
    std::string file(const std::string& name) const { return _path + "/" + name; }

private:
    std::string _path;
};

}  // namespace sockstream::hls::test
