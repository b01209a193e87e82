#include "ChunkWriter.h"

#include <algorithm>

#include "ByteWriter.h"

namespace sockstream::rtmp {

namespace {

void writeBasicHeader(ByteWriter& w, unsigned format, std::uint32_t chunkStreamId) {
    if (chunkStreamId < 64) {
        w.u8((format << 6) | chunkStreamId);
    } else if (chunkStreamId < 64 + 256) {
        w.u8(format << 6);
        w.u8(chunkStreamId - 64);
    } else {
        w.u8((format << 6) | 1);
        w.u8((chunkStreamId - 64) & 0xFF);
        w.u8((chunkStreamId - 64) >> 8);
    }
}

}  // namespace

void ChunkWriter::write(const RtmpMessage& message, std::string& out) const {
    ByteWriter w(out);
    const bool extended = message.timestamp >= 0xFFFFFF;
    writeBasicHeader(w, 0, message.chunkStreamId);
    w.u24(extended ? 0xFFFFFF : message.timestamp);
    w.u24(static_cast<std::uint32_t>(message.payload.size()));
    w.u8(message.type);
    w.u32le(message.streamId);
    if (extended) w.u32(message.timestamp);
    std::size_t offset = 0;
    do {
        const std::size_t piece = std::min<std::size_t>(_chunkSize, message.payload.size() - offset);
        if (offset > 0) {
            writeBasicHeader(w, 3, message.chunkStreamId);
            if (extended) w.u32(message.timestamp);
        }
        out.append(message.payload, offset, piece);
        offset += piece;
    } while (offset < message.payload.size());
}

}  // namespace sockstream::rtmp
