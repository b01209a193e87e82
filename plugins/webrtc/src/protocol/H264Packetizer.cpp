#include "H264Packetizer.h"

#include <algorithm>

#include "RtpHeader.h"
#include "WebRtcError.h"

namespace sockstream::webrtc {

H264Packetizer::H264Packetizer(RtpStreamParameters parameters)
    : _parameters(parameters), _sequence(parameters.firstSequence) {
    // An FU-A fragment needs two header bytes and at least one byte of data;
    // a STAP-A's 16-bit unit sizes and UDP itself bound it from above.
    if (_parameters.maxPayloadSize < 3 || _parameters.maxPayloadSize > 65000)
        throw WebRtcError("the RTP payload size must be from 3 to 65000 bytes");
}

void H264Packetizer::setDecoderConfig(std::string_view avcc) { _sets = parseAvcDecoderConfig(avcc); }

std::vector<std::string> H264Packetizer::packetize(std::string_view accessUnit, MediaTime pts) {
    const auto units = splitLengthPrefixed(accessUnit, _sets.lengthSize);
    // 90 kHz clock; wrapping modulo 2^32 is what RTP timestamps do.
    const auto timestamp = static_cast<std::uint32_t>(_parameters.timestampBase + static_cast<std::uint64_t>(pts.floorAt(90000)));

    // In-band parameter sets replace the stored ones (an encoder may change
    // resolution mid-stream); they are sent in the STAP-A ahead of the IDR.
    std::vector<std::string> inbandSps, inbandPps;
    bool hasIdr = false;
    for (const auto unit : units) {
        const int type = nal::type(unit);
        if (type == nal::kSps) inbandSps.emplace_back(unit);
        if (type == nal::kPps) inbandPps.emplace_back(unit);
        if (type == nal::kIdr) hasIdr = true;
    }
    const bool hasInbandSets = !inbandSps.empty() || !inbandPps.empty();
    if (!inbandSps.empty()) _sets.sps = std::move(inbandSps);
    if (!inbandPps.empty()) _sets.pps = std::move(inbandPps);

    std::vector<std::string> packets;
    // Parameter sets open the access unit, ahead of any SEI that refers to them.
    if (hasIdr) emitParameterSets(packets, timestamp);
    for (const auto unit : units) {
        const int type = nal::type(unit);
        // Delimiters and filler carry nothing a WebRTC decoder needs.
        if (type == nal::kAccessUnitDelimiter || type == nal::kFiller) continue;
        if (type == nal::kSps || type == nal::kPps) continue;  // sent in the STAP-A
        emitNalUnit(packets, unit, timestamp);
    }
    if (packets.empty() && hasInbandSets) {
        // An access unit of parameter sets alone still reaches the viewer.
        emitParameterSets(packets, timestamp);
    }
    if (!packets.empty()) packets.back()[1] = static_cast<char>(packets.back()[1] | 0x80);  // marker
    return packets;
}

void H264Packetizer::emit(std::vector<std::string>& out, std::string_view payload, std::uint32_t timestamp) {
    std::string packet;
    packet.reserve(kRtpHeaderSize + payload.size());
    appendRtpHeader(packet, false, _parameters.payloadType, _sequence++, timestamp, _parameters.ssrc);
    packet.append(payload);
    out.push_back(std::move(packet));
}

void H264Packetizer::emitNalUnit(std::vector<std::string>& out, std::string_view unit, std::uint32_t timestamp) {
    const std::size_t max = _parameters.maxPayloadSize;
    if (unit.size() <= max) return emit(out, unit, timestamp);
    // FU-A (RFC 6184 5.8): the NAL header's F/NRI bits go to the indicator,
    // its type to the FU header; the header byte itself is not repeated.
    const auto header = static_cast<unsigned char>(unit[0]);
    const char indicator = static_cast<char>((header & 0xE0) | nal::kFuA);
    std::string_view rest = unit.substr(1);
    bool first = true;
    while (!rest.empty()) {
        const std::size_t take = std::min(rest.size(), max - 2);
        const bool last = take == rest.size();
        std::string payload;
        payload.reserve(2 + take);
        payload.push_back(indicator);
        payload.push_back(static_cast<char>((first ? 0x80 : 0) | (last ? 0x40 : 0) | (header & 0x1F)));
        payload.append(rest.substr(0, take));
        emit(out, payload, timestamp);
        rest.remove_prefix(take);
        first = false;
    }
}

void H264Packetizer::emitParameterSets(std::vector<std::string>& out, std::uint32_t timestamp) {
    std::vector<std::string_view> sets;
    for (const auto& sps : _sets.sps) sets.emplace_back(sps);
    for (const auto& pps : _sets.pps) sets.emplace_back(pps);
    if (sets.empty()) return;
    // STAP-A (RFC 6184 5.7.1): one header byte with the highest NRI of its
    // units, then each unit with a 16-bit size.
    std::size_t size = 1;
    unsigned char nri = 0;
    for (const auto set : sets) {
        size += 2 + set.size();
        nri = std::max<unsigned char>(nri, static_cast<unsigned char>(set[0]) & 0x60);
    }
    if (size > _parameters.maxPayloadSize) {
        // Too big to aggregate (unusual, huge SPS): send them one by one.
        for (const auto set : sets) emitNalUnit(out, set, timestamp);
        return;
    }
    std::string payload;
    payload.reserve(size);
    payload.push_back(static_cast<char>(nri | nal::kStapA));
    for (const auto set : sets) {
        payload.push_back(static_cast<char>(set.size() >> 8));
        payload.push_back(static_cast<char>(set.size() & 0xFF));
        payload.append(set);
    }
    emit(out, payload, timestamp);
}

}  // namespace sockstream::webrtc
