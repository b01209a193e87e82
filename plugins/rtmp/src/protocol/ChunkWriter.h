#pragma once

#include <cstdint>
#include <string>

#include "RtmpMessage.h"

namespace sockstream::rtmp {

/// Splits outgoing messages into chunks: a type 0 header, then type 3
/// continuations, with extended timestamps when the clock needs them.
class ChunkWriter {
public:
    /// Appends the chunks of `message` (on its chunkStreamId) to `out`.
    void write(const RtmpMessage& message, std::string& out) const;
    void setChunkSize(std::uint32_t size) { _chunkSize = size; }
    std::uint32_t chunkSize() const { return _chunkSize; }

private:
    std::uint32_t _chunkSize = 128;
};

}  // namespace sockstream::rtmp
