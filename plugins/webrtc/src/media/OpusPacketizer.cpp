#include "OpusPacketizer.h"

#include "OpusPacket.h"
#include "RtpHeader.h"
#include "WebRtcError.h"

namespace sockstream::webrtc {

OpusPacketizer::OpusPacketizer(RtpStreamParameters parameters)
    : _parameters(parameters), _sequence(parameters.firstSequence) {}

std::uint32_t OpusPacketizer::rtpTimestamp(MediaTime time) const {
    return _parameters.timestampBase + static_cast<std::uint32_t>(static_cast<std::uint64_t>(time.floorAt(48000)));
}

std::string OpusPacketizer::packetize(std::string_view opusPacket, MediaTime pts) {
    const auto samples = opusPacketSamples(opusPacket);
    if (!samples) throw WebRtcError("an Opus packet is empty or malformed (RFC 6716 section 3)");
    if (opusPacket.size() > _parameters.maxPayloadSize) throw WebRtcError("an Opus packet is larger than the RTP payload size");
    const std::int64_t ticks = pts.floorAt(48000);
    const bool marker = !_expectedNext || ticks > *_expectedNext;
    _expectedNext = ticks + *samples;
    std::string packet;
    packet.reserve(kRtpHeaderSize + opusPacket.size());
    appendRtpHeader(packet, marker, _parameters.payloadType, _sequence++, rtpTimestamp(pts), _parameters.ssrc);
    packet.append(opusPacket);
    return packet;
}

}  // namespace sockstream::webrtc
