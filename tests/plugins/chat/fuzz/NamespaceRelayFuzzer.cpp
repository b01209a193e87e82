// Feeds arbitrary bytes to the decoder of chat.nsp cluster messages (another
// server's emits to a plugin namespace), then re-encodes what it accepts.
#include <cstddef>
#include <cstdint>
#include <string>

#include "socketio/ChatPayloadWire.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace sockstream::chat;
    const std::string input(reinterpret_cast<const char*>(data), size);
    ProtocolLimits limits;
    limits.maxPayloadBytes = 1 << 16;
    limits.maxAttachmentBytes = 1 << 16;
    if (auto broadcast = ChatPayloadWire::decodeBroadcast(input, limits)) {
        (void)ChatPayloadWire::encodeBroadcast(*broadcast);
        (void)ChatPayloadWire::encodeEvent(broadcast->nsp, broadcast->event, broadcast->args);
    }
    return 0;
}
