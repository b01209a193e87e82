// Chunk reader: arbitrary bytes, with Set Chunk Size and Abort applied the
// way the session applies them, must only ever end in RtmpError.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "ByteReader.h"
#include "ChunkReader.h"
#include "RtmpError.h"

using namespace sockstream::rtmp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    RtmpLimits limits;
    limits.maxMessageSize = 1u << 20;
    ChunkReader reader(limits);
    std::size_t offset = 0;
    try {
        while (offset < size) {
            std::optional<RtmpMessage> message;
            const std::size_t used = reader.read(data + offset, size - offset, message);
            if (used == 0) break;
            offset += used;
            if (!message) continue;
            ByteReader payload(message->payload);
            if (message->type == MessageType::SetChunkSize) reader.setChunkSize(payload.u32("size") & 0x7FFFFFFF);
            else if (message->type == MessageType::Abort) reader.abort(payload.u32("csid"));
        }
    } catch (const RtmpError&) {
    }
    return 0;
}
