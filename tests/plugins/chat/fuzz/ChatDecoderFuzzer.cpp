// Feeds arbitrary bytes through the Engine.IO payload decoder and every
// resulting packet through a Socket.IO decoder, as a long-polling POST would.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/EngineIoPacket.h"
#include "protocol/ProtocolError.h"
#include "protocol/SocketIoPacket.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace sockstream::chat;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    ProtocolLimits limits;
    limits.maxPayloadBytes = 1 << 16;
    try {
        SocketIoDecoder decoder(limits);
        for (const auto& packet : EngineIoCodec::decodePayload(input, limits)) {
            if (packet.type != EngineIoType::Message) continue;
            auto decoded = packet.binary ? decoder.addBinary(packet.data) : decoder.addText(packet.data);
            if (decoded) {
                // Placeholders back to bytes, as plugin namespaces receive them, and out again.
                auto data = reconstructBinary(decoded->data, decoded->attachments);
                (void)SocketIoEncoder::encode(SocketIoPacket{decoded->type, decoded->nsp, decoded->id, std::move(data), {}});
                (void)SocketIoEncoder::encode(*decoded);
            }
        }
    } catch (const ProtocolError&) {
    }
    try {
        SocketIoDecoder decoder(limits);
        if (auto packet = decoder.addText(input)) (void)SocketIoEncoder::encode(*packet);
    } catch (const ProtocolError&) {
    }
    return 0;
}
