#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

/// A strict RFC 6184 receiver for the tests: single NAL units, STAP-A and
/// FU-A back into NAL units, checking every rule a browser's depacketizer relies on.
struct Depacketized {
    std::vector<std::string> units;
    std::vector<std::uint16_t> sequences;
    std::vector<std::uint32_t> timestamps;
    std::vector<bool> markers;
};

inline Depacketized depacketize(const std::vector<std::string>& packets, std::uint8_t payloadType, std::uint32_t ssrc) {
    Depacketized out;
    std::string fragment;
    for (const auto& packet : packets) {
        if (packet.size() < 13) throw std::runtime_error("packet shorter than header + 1");
        const auto b = [&](std::size_t i) { return static_cast<unsigned char>(packet[i]); };
        if (b(0) != 0x80) throw std::runtime_error("not RTP version 2 without padding/extension/CSRC");
        if ((b(1) & 0x7F) != payloadType) throw std::runtime_error("wrong payload type");
        const std::uint32_t packetSsrc = (b(8) << 24) | (b(9) << 16) | (b(10) << 8) | b(11);
        if (packetSsrc != ssrc) throw std::runtime_error("wrong ssrc");
        out.markers.push_back((b(1) & 0x80) != 0);
        out.sequences.push_back(static_cast<std::uint16_t>((b(2) << 8) | b(3)));
        out.timestamps.push_back((std::uint32_t(b(4)) << 24) | (b(5) << 16) | (b(6) << 8) | b(7));
        const std::string payload = packet.substr(12);
        const int type = static_cast<unsigned char>(payload[0]) & 0x1F;
        if (type >= 1 && type <= 23) {
            if (!fragment.empty()) throw std::runtime_error("single NAL inside an unfinished FU-A");
            out.units.push_back(payload);
        } else if (type == 24) {
            std::size_t at = 1;
            while (at < payload.size()) {
                if (payload.size() - at < 2) throw std::runtime_error("STAP-A size truncated");
                const std::size_t size = (static_cast<unsigned char>(payload[at]) << 8) | static_cast<unsigned char>(payload[at + 1]);
                at += 2;
                if (size == 0 || payload.size() - at < size) throw std::runtime_error("STAP-A unit truncated");
                out.units.push_back(payload.substr(at, size));
                at += size;
            }
        } else if (type == 28) {
            if (payload.size() < 3) throw std::runtime_error("FU-A without data");
            const auto header = static_cast<unsigned char>(payload[1]);
            const bool start = header & 0x80, end = header & 0x40;
            if (start) {
                if (!fragment.empty()) throw std::runtime_error("FU-A start inside an unfinished FU-A");
                fragment.push_back(static_cast<char>((payload[0] & 0xE0) | (header & 0x1F)));
            } else if (fragment.empty()) {
                throw std::runtime_error("FU-A continuation without a start");
            }
            fragment += payload.substr(2);
            if (end) {
                out.units.push_back(fragment);
                fragment.clear();
            }
        } else {
            throw std::runtime_error("unexpected NAL/packet type " + std::to_string(type));
        }
    }
    if (!fragment.empty()) throw std::runtime_error("FU-A never ended");
    return out;
}
