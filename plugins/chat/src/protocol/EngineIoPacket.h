#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/ProtocolLimits.h"

namespace sockstream::chat {

/// Engine.IO v4 packet types (the digit that starts a text packet).
enum class EngineIoType : std::uint8_t { Open = 0, Close = 1, Ping = 2, Pong = 3, Message = 4, Upgrade = 5, Noop = 6 };

/// One Engine.IO packet. Binary packets are always messages: WebSocket binary
/// frames, or "b" + base64 inside a long-polling payload.
struct EngineIoPacket {
    EngineIoType type = EngineIoType::Message;
    std::string data;
    bool binary = false;

    bool operator==(const EngineIoPacket&) const = default;
};

/// Engine.IO v4 codec: single packets (WebSocket frames) and long-polling
/// payloads (packets joined by the record separator 0x1e). Throws ProtocolError.
class EngineIoCodec {
public:
    static constexpr char kSeparator = '\x1e';

    /// A text packet: one type digit, then its data.
    static EngineIoPacket decodeText(std::string_view frame);
    /// A WebSocket binary frame: a message with raw bytes.
    static EngineIoPacket decodeBinary(std::string_view frame);
    /// A long-polling request body.
    static std::vector<EngineIoPacket> decodePayload(std::string_view body, const ProtocolLimits& limits);

    /// The text form (type digit + data) of a non-binary packet.
    static std::string encodeText(EngineIoType type, std::string_view data = {});
    /// One packet as it appears inside a long-polling payload.
    static std::string encodeForPayload(const EngineIoPacket& packet);
    /// Joins packets already encoded for a payload.
    static std::string joinPayload(const std::vector<std::string>& encodedPackets);

    /// Standard base64 (no line breaks), as polling carries binary packets;
    /// decoding throws ProtocolError for anything but canonical base64.
    static std::string base64Encode(std::string_view bytes);
    static std::string base64Decode(std::string_view text);
};

}  // namespace sockstream::chat
