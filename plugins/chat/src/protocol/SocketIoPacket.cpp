#include "protocol/SocketIoPacket.h"

#include <array>

#include "protocol/ProtocolError.h"

namespace sockstream::chat {

namespace {

constexpr std::array<std::string_view, 6> kReservedEvents = {
    "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"};

constexpr std::size_t kMaxIdDigits = 15;  // stays below 2^53, like JavaScript numbers

bool isDigit(char c) { return c >= '0' && c <= '9'; }


bool isPlaceholder(const nlohmann::json& value) {
    if (!value.is_object() || value.size() != 2) return false;
    auto flag = value.find("_placeholder");
    auto num = value.find("num");
    // Parsed JSON makes a non-negative num unsigned; a value built in code may hold it signed.
    return flag != value.end() && flag->is_boolean() && flag->get<bool>() && num != value.end() &&
           (num->is_number_unsigned() || (num->is_number_integer() && num->get<std::int64_t>() >= 0));
}

void checkPlaceholders(const nlohmann::json& value, std::size_t attachments) {
    if (isPlaceholder(value)) {
        if (value["num"].get<std::uint64_t>() >= attachments) throw ProtocolError("placeholder refers to a missing attachment");
        return;
    }
    if (value.is_structured())
        for (const auto& child : value) checkPlaceholders(child, attachments);
}

void validatePayload(const SocketIoPacket& packet, bool hasData) {
    const auto& data = packet.data;
    switch (packet.type) {
    case SocketIoType::Connect:
        if (hasData && !data.is_object()) throw ProtocolError("CONNECT payload must be an object");
        break;
    case SocketIoType::Disconnect:
        if (hasData) throw ProtocolError("DISCONNECT carries no payload");
        break;
    case SocketIoType::ConnectError:
        if (!hasData || !(data.is_object() || data.is_string())) throw ProtocolError("CONNECT_ERROR payload must be an object or a string");
        break;
    case SocketIoType::Event:
    case SocketIoType::BinaryEvent:
        if (!hasData || !data.is_array() || data.empty() || !data.front().is_string())
            throw ProtocolError("EVENT payload must be an array starting with the event name");
        if (isReservedEventName(data.front().get_ref<const std::string&>())) throw ProtocolError("reserved event name");
        break;
    case SocketIoType::Ack:
    case SocketIoType::BinaryAck:
        if (!hasData || !data.is_array()) throw ProtocolError("ACK payload must be an array");
        break;
    }
}

void reconstruct(nlohmann::json& value, const std::vector<std::string>& attachments) {
    if (isPlaceholder(value)) {
        const auto num = value["num"].get<std::uint64_t>();
        if (num >= attachments.size()) throw ProtocolError("placeholder refers to a missing attachment");
        const std::string& bytes = attachments[num];
        value = nlohmann::json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
        return;
    }
    if (value.is_structured())
        for (auto& child : value) reconstruct(child, attachments);
}

void deconstruct(nlohmann::json& value, std::vector<std::string>& attachments) {
    if (value.is_binary()) {
        const auto& bytes = value.get_binary();
        attachments.emplace_back(bytes.begin(), bytes.end());
        value = nlohmann::json{{"_placeholder", true}, {"num", attachments.size() - 1}};
        return;
    }
    if (value.is_structured())
        for (auto& child : value) deconstruct(child, attachments);
}

void appendHeader(std::string& out, SocketIoType type, std::size_t attachments, std::string_view nsp,
                  const std::optional<std::uint64_t>& id) {
    out.push_back(static_cast<char>('0' + static_cast<int>(type)));
    if (type == SocketIoType::BinaryEvent || type == SocketIoType::BinaryAck) {
        out += std::to_string(attachments);
        out.push_back('-');
    }
    if (nsp != "/") {
        out.append(nsp);
        out.push_back(',');
    }
    if (id) out += std::to_string(*id);
}

}  // namespace

nlohmann::json parseJson(std::string_view text, std::size_t maxDepth) {
    bool tooDeep = false;
    auto checkDepth = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (static_cast<std::size_t>(depth) > maxDepth) tooDeep = true;
        return !tooDeep;
    };
    nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), checkDepth, false);
    if (tooDeep) throw ProtocolError("JSON nested too deeply");
    if (value.is_discarded()) throw ProtocolError("invalid JSON payload");
    return value;
}

nlohmann::json reconstructBinary(nlohmann::json data, const std::vector<std::string>& attachments) {
    reconstruct(data, attachments);
    return data;
}

bool isReservedEventName(std::string_view name) {
    for (auto reserved : kReservedEvents)
        if (name == reserved) return true;
    return false;
}

SocketIoPacket SocketIoDecoder::decodeHeader(std::string_view message, std::size_t& attachmentCount,
                                             const ProtocolLimits& limits) {
    if (message.empty()) throw ProtocolError("empty Socket.IO packet");
    if (message.front() < '0' || message.front() > '6') throw ProtocolError("unknown Socket.IO packet type");
    SocketIoPacket packet;
    packet.type = static_cast<SocketIoType>(message.front() - '0');
    std::size_t i = 1;
    attachmentCount = 0;

    if (packet.isBinary()) {
        const std::size_t dash = message.find('-', i);
        if (dash == std::string_view::npos || dash == i || dash - i > 3) throw ProtocolError("malformed attachment count");
        for (std::size_t k = i; k < dash; ++k) {
            if (!isDigit(message[k])) throw ProtocolError("malformed attachment count");
            attachmentCount = attachmentCount * 10 + static_cast<std::size_t>(message[k] - '0');
        }
        if (attachmentCount > limits.maxAttachments) throw ProtocolError("too many attachments");
        i = dash + 1;
    }

    if (i < message.size() && message[i] == '/') {
        const std::size_t comma = message.find(',', i);
        const std::size_t end = comma == std::string_view::npos ? message.size() : comma;
        if (end - i > limits.maxNamespaceBytes) throw ProtocolError("namespace too long");
        packet.nsp = std::string(message.substr(i, end - i));
        i = comma == std::string_view::npos ? message.size() : comma + 1;
    }

    if (i < message.size() && isDigit(message[i])) {
        std::uint64_t id = 0;
        std::size_t digits = 0;
        while (i < message.size() && isDigit(message[i])) {
            if (++digits > kMaxIdDigits) throw ProtocolError("ack id too large");
            id = id * 10 + static_cast<std::uint64_t>(message[i] - '0');
            ++i;
        }
        packet.id = id;
    }

    const bool hasData = i < message.size();
    if (hasData) packet.data = parseJson(message.substr(i), limits.maxJsonDepth);
    validatePayload(packet, hasData);
    if (packet.isBinary()) checkPlaceholders(packet.data, attachmentCount);
    if (packet.id && (packet.type == SocketIoType::Connect || packet.type == SocketIoType::Disconnect ||
                      packet.type == SocketIoType::ConnectError))
        throw ProtocolError("this packet type takes no ack id");
    if ((packet.type == SocketIoType::Ack || packet.type == SocketIoType::BinaryAck) && !packet.id)
        throw ProtocolError("ACK without an id");
    return packet;
}

std::optional<SocketIoPacket> SocketIoDecoder::addText(std::string_view message) {
    if (_pending) throw ProtocolError("text packet while binary attachments were expected");
    std::size_t attachments = 0;
    SocketIoPacket packet = decodeHeader(message, attachments, _limits);
    if (attachments == 0) return packet;
    _pending = std::move(packet);
    _expectedAttachments = attachments;
    return std::nullopt;
}

std::optional<SocketIoPacket> SocketIoDecoder::addBinary(std::string_view message) {
    if (!_pending) throw ProtocolError("unexpected binary attachment");
    _attachmentBytes += message.size();
    if (_attachmentBytes > _limits.maxAttachmentBytes) throw ProtocolError("binary attachments larger than the limit");
    _pending->attachments.emplace_back(message);
    if (_pending->attachments.size() < _expectedAttachments) return std::nullopt;
    SocketIoPacket packet = std::move(*_pending);
    _pending.reset();
    _expectedAttachments = 0;
    _attachmentBytes = 0;
    return packet;
}

SocketIoEncoder::Encoded SocketIoEncoder::encode(SocketIoPacket packet) {
    Encoded encoded;
    deconstruct(packet.data, encoded.attachments);
    SocketIoType type = packet.type;
    if (!encoded.attachments.empty()) {
        if (type == SocketIoType::Event) type = SocketIoType::BinaryEvent;
        if (type == SocketIoType::Ack) type = SocketIoType::BinaryAck;
    }
    appendHeader(encoded.text, type, encoded.attachments.size(), packet.nsp, packet.id);
    if (!packet.data.is_null()) encoded.text += packet.data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return encoded;
}

std::string SocketIoEncoder::encodeEvent(std::string_view nsp, std::string_view event, const nlohmann::json& argument) {
    std::string out;
    appendHeader(out, SocketIoType::Event, 0, nsp, std::nullopt);
    out += "[";
    out += nlohmann::json(event).dump();
    out += ",";
    out += argument.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += "]";
    return out;
}

}  // namespace sockstream::chat
