#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "RtmpLimits.h"
#include "RtmpMessage.h"

namespace sockstream::rtmp {

/// Reassembles messages from RTMP chunks (all four header formats, extended
/// timestamps). Chunk size changes and aborts come from the session, which
/// sees the control messages one at a time, so each takes effect exactly at
/// the chunk that follows it.
class ChunkReader {
public:
    explicit ChunkReader(const RtmpLimits& limits);

    /// Reads at most one whole chunk from `data`. Returns the bytes it used:
    /// 0 when the chunk is not complete yet (nothing is consumed then).
    /// `message` is set when that chunk completed a message.
    /// Throws RtmpError for input that breaks the protocol or the limits.
    std::size_t read(const std::uint8_t* data, std::size_t size, std::optional<RtmpMessage>& message);

    void setChunkSize(std::uint32_t size);
    std::uint32_t chunkSize() const { return _chunkSize; }
    /// Abort Message: drops the partial message on that chunk stream.
    void abort(std::uint32_t chunkStreamId);
    std::size_t chunkStreamCount() const { return _streams.size(); }

private:
    struct ChunkStream {
        bool hasHeader = false;
        std::uint32_t timestamp = 0;
        std::uint32_t timestampField = 0;  ///< last delta (or absolute for format 0)
        bool extended = false;
        std::uint32_t length = 0;
        std::uint8_t type = 0;
        std::uint32_t streamId = 0;
        std::string partial;
        bool inProgress = false;
    };

    const RtmpLimits& _limits;
    std::uint32_t _chunkSize = 128;
    std::map<std::uint32_t, ChunkStream> _streams;
    std::size_t _partialBytes = 0;
};

}  // namespace sockstream::rtmp
