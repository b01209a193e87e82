#include "RtpPacket.h"

#include "BigEndian.h"

namespace sockstream::webrtc {

namespace {

std::uint32_t read32(std::string_view bytes, std::size_t at) { return readBigEndian32(bytes, at); }
std::uint16_t read16(std::string_view bytes, std::size_t at) { return readBigEndian16(bytes, at); }

std::optional<RtpPacket> refuse(std::string* whyNot, const char* reason) {
    if (whyNot) *whyNot = reason;
    return std::nullopt;
}

constexpr std::size_t kFixedHeader = 12;

}  // namespace

std::optional<RtpPacket> RtpPacket::parse(std::string_view datagram, std::string* whyNot) {
    if (datagram.size() < kFixedHeader) return refuse(whyNot, "the RTP packet is shorter than its 12-byte header");
    if (datagram.size() > kMaxSize) return refuse(whyNot, "the RTP packet is larger than 1500 bytes");
    const auto first = static_cast<unsigned char>(datagram[0]);
    const auto second = static_cast<unsigned char>(datagram[1]);
    if ((first >> 6) != 2) return refuse(whyNot, "the RTP packet is not version 2");
    const int payloadType = second & 0x7F;
    if (payloadType >= 64 && payloadType <= 95) return refuse(whyNot, "the RTP payload type is in RTCP's range 64..95 (RFC 5761)");
    RtpPacket packet;
    packet.marker = (second & 0x80) != 0;
    packet.payloadType = static_cast<std::uint8_t>(payloadType);
    packet.sequence = read16(datagram, 2);
    packet.timestamp = read32(datagram, 4);
    packet.ssrc = read32(datagram, 8);
    packet.csrcCount = first & 0x0F;
    std::size_t at = kFixedHeader;
    if (datagram.size() - at < packet.csrcCount * std::size_t{4}) return refuse(whyNot, "the RTP packet's CSRC list runs past its end");
    for (std::size_t i = 0; i < packet.csrcCount; ++i, at += 4) packet.csrcs[i] = read32(datagram, at);
    if (first & 0x10) {
        if (datagram.size() - at < 4) return refuse(whyNot, "the RTP header extension is truncated");
        packet.hasExtension = true;
        packet.extensionProfile = read16(datagram, at);
        const std::size_t length = std::size_t{read16(datagram, at + 2)} * 4;
        at += 4;
        if (datagram.size() - at < length) return refuse(whyNot, "the RTP header extension runs past the packet");
        packet.extension = datagram.substr(at, length);
        at += length;
    }
    std::string_view payload = datagram.substr(at);
    if (first & 0x20) {
        // The last octet counts the padding, itself included (RFC 3550 5.1).
        const std::size_t padding = payload.empty() ? 0 : static_cast<unsigned char>(payload.back());
        if (padding == 0 || padding > payload.size()) return refuse(whyNot, "the RTP padding count is 0 or larger than the payload");
        payload.remove_suffix(padding);
        packet.paddingSize = padding;
    }
    packet.payload = payload;
    return packet;
}

std::optional<std::string_view> RtpPacket::extensionElement(std::uint8_t id) const {
    if (!hasExtension) return std::nullopt;
    const bool oneByte = extensionProfile == 0xBEDE;
    const bool twoByte = (extensionProfile & 0xFFF0) == 0x1000;
    if (!oneByte && !twoByte) return std::nullopt;
    std::size_t at = 0;
    while (at < extension.size()) {
        const auto head = static_cast<unsigned char>(extension[at]);
        if (head == 0) {  // padding between elements
            ++at;
            continue;
        }
        std::size_t elementId, length;
        if (oneByte) {
            elementId = head >> 4;
            if (elementId == 15) return std::nullopt;  // reserved: stop processing (RFC 8285 4.2)
            length = (head & 0x0F) + 1;
            at += 1;
        } else {
            if (extension.size() - at < 2) return std::nullopt;
            elementId = head;
            length = static_cast<unsigned char>(extension[at + 1]);
            at += 2;
        }
        if (extension.size() - at < length) return std::nullopt;
        if (elementId == id) return extension.substr(at, length);
        at += length;
    }
    return std::nullopt;
}

}  // namespace sockstream::webrtc
