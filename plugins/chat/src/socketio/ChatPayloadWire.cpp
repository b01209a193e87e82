#include "socketio/ChatPayloadWire.h"

#include <stdexcept>

#include "protocol/EngineIoPacket.h"
#include "protocol/ProtocolError.h"

namespace sockstream::chat {

namespace {

constexpr std::size_t kMaxNameBytes = 128;

ChatPayload payloadOf(SocketIoPacket& packet, std::size_t skip) {
    ChatPayload payload;
    nlohmann::json args = nlohmann::json::array();
    for (std::size_t i = skip; i < packet.data.size(); ++i) args.push_back(std::move(packet.data[i]));
    payload.json = args.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    payload.binary = std::move(packet.attachments);
    return payload;
}

std::optional<std::string> textField(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_string() || it->get_ref<const std::string&>().empty() ||
        it->get_ref<const std::string&>().size() > kMaxNameBytes)
        return std::nullopt;
    return it->get<std::string>();
}

}  // namespace

nlohmann::json ChatPayloadWire::arguments(const ChatPayload& args) {
    auto array = nlohmann::json::parse(args.json, nullptr, false);
    if (array.is_discarded() || !array.is_array())
        throw std::invalid_argument("chat: the arguments must be a JSON array, not: " + args.json.substr(0, 80));
    try {
        return reconstructBinary(std::move(array), args.binary);
    } catch (const ProtocolError& e) {
        throw std::invalid_argument(std::string("chat: ") + e.what() + " (ChatPayload.binary has " +
                                    std::to_string(args.binary.size()) + ")");
    }
}

SocketIoEncoder::Encoded ChatPayloadWire::encodeEvent(const std::string& nsp, std::string_view event,
                                                      const ChatPayload& args, std::optional<std::uint64_t> ackId) {
    if (event.empty() || isReservedEventName(event))
        throw std::invalid_argument("chat: cannot emit the event \"" + std::string(event) + "\" (empty or reserved by Socket.IO)");
    nlohmann::json data = nlohmann::json::array({std::string(event)});
    for (auto& value : arguments(args)) data.push_back(std::move(value));
    return SocketIoEncoder::encode(SocketIoPacket{SocketIoType::Event, nsp, ackId, std::move(data), {}});
}

SocketIoEncoder::Encoded ChatPayloadWire::encodeAck(const std::string& nsp, std::uint64_t ackId, const ChatPayload& args) {
    return SocketIoEncoder::encode(SocketIoPacket{SocketIoType::Ack, nsp, ackId, arguments(args), {}});
}

ChatPayload ChatPayloadWire::fromEvent(SocketIoPacket& packet) { return payloadOf(packet, 1); }

ChatPayload ChatPayloadWire::fromAck(SocketIoPacket& packet) { return payloadOf(packet, 0); }

std::string ChatPayloadWire::encodeBroadcast(const Broadcast& broadcast) {
    nlohmann::json binary = nlohmann::json::array();
    for (const auto& bytes : broadcast.args.binary) binary.push_back(EngineIoCodec::base64Encode(bytes));
    nlohmann::json message = {{"nsp", broadcast.nsp},
                              {"event", broadcast.event},
                              {"args", nlohmann::json::parse(broadcast.args.json)},
                              {"bin", std::move(binary)}};
    if (broadcast.room) message["room"] = *broadcast.room;
    return message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<ChatPayloadWire::Broadcast> ChatPayloadWire::decodeBroadcast(const std::string& message,
                                                                           const ProtocolLimits& limits) {
    try {
        if (message.size() > limits.maxPayloadBytes * 2 + limits.maxAttachmentBytes * 2) return std::nullopt;
        const auto value = parseJson(message, limits.maxJsonDepth);
        if (!value.is_object()) return std::nullopt;
        Broadcast broadcast;
        auto nsp = textField(value, "nsp");
        auto event = textField(value, "event");
        auto args = value.find("args");
        auto bin = value.find("bin");
        if (!nsp || nsp->front() != '/' || !event || args == value.end() || !args->is_array() || bin == value.end() ||
            !bin->is_array() || bin->size() > limits.maxAttachments)
            return std::nullopt;
        if (value.contains("room")) {
            broadcast.room = textField(value, "room");
            if (!broadcast.room) return std::nullopt;
        }
        broadcast.nsp = *nsp;
        broadcast.event = *event;
        broadcast.args.json = args->dump();
        for (const auto& item : *bin) {
            if (!item.is_string()) return std::nullopt;
            broadcast.args.binary.push_back(EngineIoCodec::base64Decode(item.get_ref<const std::string&>()));
        }
        arguments(broadcast.args);  // placeholders within the attachments
        return broadcast;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace sockstream::chat
