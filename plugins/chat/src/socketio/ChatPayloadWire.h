#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "protocol/ProtocolLimits.h"
#include "protocol/SocketIoPacket.h"
#include "sockstream/chat/ChatService.h"

namespace sockstream::chat {

/// ChatPayload (the SDK's arguments: a JSON array with placeholders, bytes
/// aside) to and from Socket.IO packets and the cluster's messages. A payload
/// from a plugin is checked here: std::invalid_argument names what is wrong.
class ChatPayloadWire {
public:
    /// ["event", ...args] as an EVENT (BINARY_EVENT when args carry bytes) to `nsp`, with an ack id if given.
    static SocketIoEncoder::Encoded encodeEvent(const std::string& nsp, std::string_view event, const ChatPayload& args,
                                                std::optional<std::uint64_t> ackId = std::nullopt);
    /// An ACK (BINARY_ACK with bytes) answering the client's `ackId`.
    static SocketIoEncoder::Encoded encodeAck(const std::string& nsp, std::uint64_t ackId, const ChatPayload& args);
    /// The arguments of a received EVENT (after the name) or ACK, its attachments moved out.
    static ChatPayload fromEvent(SocketIoPacket& packet);
    static ChatPayload fromAck(SocketIoPacket& packet);
    /// The array of JSON values of `args`, its placeholders replaced by binary values.
    static nlohmann::json arguments(const ChatPayload& args);

    /// An emit to a plugin namespace (a room of it, or all of it) shared with the other servers.
    struct Broadcast {
        std::string nsp;
        std::optional<std::string> room;
        std::string event;
        ChatPayload args;
    };
    static std::string encodeBroadcast(const Broadcast& broadcast);
    /// nullopt for anything malformed or beyond `limits` (another server's bug must not crash this one).
    static std::optional<Broadcast> decodeBroadcast(const std::string& message, const ProtocolLimits& limits);
};

}  // namespace sockstream::chat
