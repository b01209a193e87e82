#include "protocol/EngineIoPacket.h"

#include <sstream>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>

#include "protocol/ProtocolError.h"

namespace sockstream::chat {

namespace {

bool isBase64Char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}

}  // namespace

std::string EngineIoCodec::base64Decode(std::string_view text) {
    if (text.size() % 4 != 0) throw ProtocolError("base64 length is not a multiple of 4");
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!isBase64Char(text[i])) throw ProtocolError("invalid base64 character");
        if (text[i] == '=' && i + 2 < text.size()) throw ProtocolError("base64 padding inside the data");
    }
    std::istringstream in{std::string(text)};
    Poco::Base64Decoder decoder(in);
    std::string out;
    char buffer[4096];
    while (decoder.read(buffer, sizeof buffer) || decoder.gcount() > 0) out.append(buffer, decoder.gcount());
    return out;
}

std::string EngineIoCodec::base64Encode(std::string_view bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    encoder.close();
    return out.str();
}

EngineIoPacket EngineIoCodec::decodeText(std::string_view frame) {
    if (frame.empty()) throw ProtocolError("empty Engine.IO packet");
    const char digit = frame.front();
    if (digit < '0' || digit > '6') throw ProtocolError("unknown Engine.IO packet type");
    return EngineIoPacket{static_cast<EngineIoType>(digit - '0'), std::string(frame.substr(1)), false};
}

EngineIoPacket EngineIoCodec::decodeBinary(std::string_view frame) {
    return EngineIoPacket{EngineIoType::Message, std::string(frame), true};
}

std::vector<EngineIoPacket> EngineIoCodec::decodePayload(std::string_view body, const ProtocolLimits& limits) {
    if (body.size() > limits.maxPayloadBytes) throw ProtocolError("payload larger than maxPayload");
    if (body.empty()) throw ProtocolError("empty payload");
    std::vector<EngineIoPacket> packets;
    std::size_t start = 0;
    while (start <= body.size()) {
        const std::size_t end = std::min(body.find(kSeparator, start), body.size());
        if (packets.size() == limits.maxPacketsPerPayload) throw ProtocolError("too many packets in one payload");
        const std::string_view part = body.substr(start, end - start);
        if (!part.empty() && part.front() == 'b')
            packets.push_back(EngineIoPacket{EngineIoType::Message, base64Decode(part.substr(1)), true});
        else
            packets.push_back(decodeText(part));
        start = end + 1;
    }
    return packets;
}

std::string EngineIoCodec::encodeText(EngineIoType type, std::string_view data) {
    std::string out;
    out.reserve(1 + data.size());
    out.push_back(static_cast<char>('0' + static_cast<int>(type)));
    out.append(data);
    return out;
}

std::string EngineIoCodec::encodeForPayload(const EngineIoPacket& packet) {
    if (packet.binary) return "b" + base64Encode(packet.data);
    return encodeText(packet.type, packet.data);
}

std::string EngineIoCodec::joinPayload(const std::vector<std::string>& encodedPackets) {
    std::size_t size = encodedPackets.size();
    for (const auto& p : encodedPackets) size += p.size();
    std::string out;
    out.reserve(size);
    for (std::size_t i = 0; i < encodedPackets.size(); ++i) {
        if (i) out.push_back(kSeparator);
        out.append(encodedPackets[i]);
    }
    return out;
}

}  // namespace sockstream::chat
