#include "websocket/WebSocketFrameHeader.h"

namespace sockstream::core {

WebSocketFrameHeader WebSocketFrameHeader::make(std::uint8_t opcode, std::size_t payloadSize) {
    WebSocketFrameHeader header;
    header.bytes[0] = static_cast<unsigned char>(0x80 | (opcode & 0x0f));
    if (payloadSize < 126) {
        header.bytes[1] = static_cast<unsigned char>(payloadSize);
        header.size = 2;
    } else if (payloadSize <= 0xffff) {
        header.bytes[1] = 126;
        header.bytes[2] = static_cast<unsigned char>(payloadSize >> 8);
        header.bytes[3] = static_cast<unsigned char>(payloadSize);
        header.size = 4;
    } else {
        header.bytes[1] = 127;
        auto length = static_cast<std::uint64_t>(payloadSize);
        for (int i = 0; i < 8; ++i) header.bytes[2 + i] = static_cast<unsigned char>(length >> (8 * (7 - i)));
        header.size = 10;
    }
    return header;
}

}  // namespace sockstream::core
