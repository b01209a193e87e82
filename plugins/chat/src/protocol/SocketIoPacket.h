#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/ProtocolLimits.h"

namespace sockstream::chat {

/// Socket.IO v5 packet types.
enum class SocketIoType : std::uint8_t {
    Connect = 0, Disconnect = 1, Event = 2, Ack = 3, ConnectError = 4, BinaryEvent = 5, BinaryAck = 6
};

/// One Socket.IO packet. `data` is discarded (null) when absent; binary
/// attachments keep their {"_placeholder":true,"num":n} markers in `data`,
/// the bytes are in `attachments`, in order.
struct SocketIoPacket {
    SocketIoType type = SocketIoType::Event;
    std::string nsp = "/";
    std::optional<std::uint64_t> id;
    nlohmann::json data;
    std::vector<std::string> attachments;

    bool isBinary() const { return type == SocketIoType::BinaryEvent || type == SocketIoType::BinaryAck; }
    /// The event name of an EVENT/BINARY_EVENT packet.
    const std::string& eventName() const { return data.front().get_ref<const std::string&>(); }
};

/// Parses JSON nested at most `maxDepth` deep; throws ProtocolError otherwise.
nlohmann::json parseJson(std::string_view text, std::size_t maxDepth);

/// The event names a client must never send (socket.io-parser's RESERVED_EVENTS).
bool isReservedEventName(std::string_view name);

/// `data` with every placeholder {"_placeholder":true,"num":n} replaced by
/// attachments[n] as a binary value (socket-io-parser's reconstructPacket), so
/// SocketIoEncoder::encode sends them as attachments again. Throws
/// ProtocolError for a placeholder with no attachment.
nlohmann::json reconstructBinary(nlohmann::json data, const std::vector<std::string>& attachments);

/// Decodes the Engine.IO messages of one session into Socket.IO packets,
/// collecting the binary attachments that follow a BINARY_* header.
/// Throws ProtocolError for anything malformed; the decoder is then unusable.
class SocketIoDecoder {
public:
    explicit SocketIoDecoder(const ProtocolLimits& limits = {}) : _limits(limits) {}

    /// A text message. Returns the packet when it is complete (no attachments).
    std::optional<SocketIoPacket> addText(std::string_view message);
    /// A binary message: the next attachment. Returns the packet when it was the last.
    std::optional<SocketIoPacket> addBinary(std::string_view message);
    bool awaitingAttachments() const { return _pending.has_value(); }

    /// Decodes one complete text packet header and payload, without attachments state.
    static SocketIoPacket decodeHeader(std::string_view message, std::size_t& attachmentCount, const ProtocolLimits& limits);

private:
    ProtocolLimits _limits;
    std::optional<SocketIoPacket> _pending;
    std::size_t _expectedAttachments = 0;
    std::size_t _attachmentBytes = 0;
};

/// Encodes packets for sending. Binary values in `data` (nlohmann binary) are
/// replaced by placeholders and returned as attachments after the text header.
class SocketIoEncoder {
public:
    struct Encoded {
        std::string text;
        std::vector<std::string> attachments;
    };
    static Encoded encode(SocketIoPacket packet);
    /// Shortcut for the common case: ["event", arg] to a namespace, without binary.
    static std::string encodeEvent(std::string_view nsp, std::string_view event, const nlohmann::json& argument);
};

}  // namespace sockstream::chat
