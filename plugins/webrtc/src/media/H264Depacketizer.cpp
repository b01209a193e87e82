#include "H264Depacketizer.h"

#include <algorithm>

#include "sockstream/media/MediaTime.h"
#include "RtpPacket.h"

namespace sockstream::webrtc {

namespace {
constexpr int kStapA = 24;
constexpr int kFuA = 28;
constexpr int kIdr = 5;
constexpr int kSps = 7;
constexpr int kPps = 8;

int nalType(unsigned char header) { return header & 0x1F; }
}  // namespace

H264Depacketizer::H264Depacketizer() : H264Depacketizer(Limits{}) {}

H264Depacketizer::H264Depacketizer(Limits limits) : _limits(limits), _window(std::max<std::size_t>(limits.reorderWindow, 1)) {}

std::vector<H264AccessUnit> H264Depacketizer::push(const RtpPacket& packet) {
    std::vector<H264AccessUnit> out;
    if (packet.payload.empty()) return out;  // padding-only: a bandwidth probe
    const std::int64_t sequence = _started ? unwrapTicks(_next, packet.sequence, 16) : packet.sequence;
    if (!_started) {
        _started = true;
        _next = _newest = sequence;
    }
    if (sequence < _next) return out;  // a duplicate, or later than we waited for it
    const std::int64_t window = static_cast<std::int64_t>(_window.size());
    if (sequence >= _next + window) {
        // Far ahead: take what is held in order (at most a window), then skip
        // to the new packet's window; what lay between is lost.
        for (std::int64_t i = 0; i < window; ++i) lose(out);
        if (sequence >= _next + window) {
            _broken = true;
            _waitingForKeyframe = true;
            _fragment.clear();
            _next = sequence - window + 1;
        }
    }
    auto& slot = _window[static_cast<std::size_t>(sequence % window)];
    if (slot.used) return out;  // duplicate of a held packet
    slot.used = true;
    slot.sequence = sequence;
    slot.marker = packet.marker;
    slot.timestamp = packet.timestamp;
    slot.payload.assign(packet.payload);
    _newest = std::max(_newest, sequence);
    while (true) {
        auto& next = _window[static_cast<std::size_t>(_next % window)];
        if (next.used && next.sequence == _next) {
            accept(next, out);
            next.used = false;
            ++_next;
        } else if (_newest - _next >= window - 1) {
            lose(out);  // waited a whole window for it
        } else {
            break;
        }
    }
    return out;
}

std::vector<std::uint16_t> H264Depacketizer::missingSequences() const {
    std::vector<std::uint16_t> missing;
    if (!_started) return missing;
    const std::int64_t window = static_cast<std::int64_t>(_window.size());
    for (std::int64_t sequence = _next; sequence < _newest; ++sequence) {
        const auto& slot = _window[static_cast<std::size_t>(sequence % window)];
        if (!slot.used || slot.sequence != sequence) missing.push_back(static_cast<std::uint16_t>(sequence));
    }
    return missing;
}

std::vector<H264AccessUnit> H264Depacketizer::skipMissing() {
    std::vector<H264AccessUnit> out;
    while (_started && _next <= _newest) lose(out);  // takes what is held, loses the rest
    return out;
}

/// The expected packet is not coming: drop what was being assembled, then
/// move on (taking the packet at the new position if it is held).
void H264Depacketizer::lose(std::vector<H264AccessUnit>& out) {
    const std::int64_t window = static_cast<std::int64_t>(_window.size());
    auto& missing = _window[static_cast<std::size_t>(_next % window)];
    if (missing.used && missing.sequence == _next) {
        accept(missing, out);
        missing.used = false;
    } else {
        _broken = true;
        _waitingForKeyframe = true;
        _fragment.clear();
    }
    ++_next;
}

void H264Depacketizer::accept(const Held& packet, std::vector<H264AccessUnit>& out) {
    if (_hasTimestamp && packet.timestamp != _timestamp) finish(out);  // the marker of the last one was lost
    _hasTimestamp = true;
    _timestamp = packet.timestamp;
    if (!_broken && !readPayload(packet.payload)) {
        _broken = true;
        _fragment.clear();
    }
    if (packet.marker) finish(out);
}

bool H264Depacketizer::readPayload(std::string_view payload) {
    const auto header = static_cast<unsigned char>(payload[0]);
    if (header & 0x80) return false;  // forbidden_zero_bit
    const int type = nalType(header);
    if (type >= 1 && type <= 23) {
        if (!_fragment.empty()) return false;  // a FU-A never ended
        return addNalUnit(payload);
    }
    if (type == kStapA) {
        if (!_fragment.empty()) return false;
        std::size_t at = 1;
        if (at == payload.size()) return false;
        while (at < payload.size()) {
            if (payload.size() - at < 2) return false;
            const std::size_t size = (static_cast<unsigned char>(payload[at]) << 8) | static_cast<unsigned char>(payload[at + 1]);
            at += 2;
            if (size == 0 || payload.size() - at < size) return false;
            if (!addNalUnit(payload.substr(at, size))) return false;
            at += size;
        }
        return true;
    }
    if (type == kFuA) {
        if (payload.size() < 3) return false;
        const auto fuHeader = static_cast<unsigned char>(payload[1]);
        const bool start = fuHeader & 0x80, end = fuHeader & 0x40;
        if (start && end) return false;  // RFC 6184 5.8: not both
        if (start) {
            if (!_fragment.empty()) return false;
            _fragment.push_back(static_cast<char>((header & 0xE0) | (fuHeader & 0x1F)));
        } else if (_fragment.empty()) {
            return false;  // its start was lost or never sent
        } else if ((static_cast<unsigned char>(_fragment[0]) & 0x1F) != (fuHeader & 0x1F)) {
            return false;
        }
        if (_fragment.size() + payload.size() - 2 > _limits.maxAccessUnitSize) return false;
        _fragment.append(payload.substr(2));
        if (end) {
            const bool added = addNalUnit(_fragment);
            _fragment.clear();
            return added;
        }
        return true;
    }
    return false;  // 0, STAP-B, MTAP16/24, FU-B, 30, 31
}

bool H264Depacketizer::addNalUnit(std::string_view unit) {
    if (unit.empty() || (static_cast<unsigned char>(unit[0]) & 0x80)) return false;
    if (++_nalUnits > _limits.maxNalUnits) return false;
    if (_unit.size() + 4 + unit.size() > _limits.maxAccessUnitSize) return false;
    const int type = nalType(static_cast<unsigned char>(unit[0]));
    if (type == kIdr) _keyframe = true;
    if (type == kSps && unit.size() <= 65535) _sps.assign(unit);
    if (type == kPps && unit.size() <= 65535) _pps.assign(unit);
    for (int shift = 24; shift >= 0; shift -= 8) _unit.push_back(static_cast<char>((unit.size() >> shift) & 0xFF));
    _unit.append(unit);
    return true;
}

void H264Depacketizer::finish(std::vector<H264AccessUnit>& out) {
    if (!_fragment.empty()) _broken = true;  // ended inside a FU-A
    const bool usable = !_broken && !_unit.empty() && (!_waitingForKeyframe || _keyframe);
    if (usable) {
        if (_keyframe) _waitingForKeyframe = false;
        out.push_back({std::move(_unit), _timestamp, _keyframe});
    } else if (_hasTimestamp) {
        ++_dropped;
        // Later frames may reference the one dropped: wait for a fresh start.
        if (_broken) _waitingForKeyframe = true;
    }
    _unit.clear();
    _nalUnits = 0;
    _keyframe = false;
    _broken = false;
    _fragment.clear();
    _hasTimestamp = false;
}

std::optional<std::string> avcDecoderConfig(std::string_view sps, std::string_view pps) {
    if (sps.size() < 4 || pps.empty() || sps.size() > 65535 || pps.size() > 65535) return std::nullopt;
    std::string record;
    record.push_back(1);       // configurationVersion
    record.push_back(sps[1]);  // profile_idc
    record.push_back(sps[2]);  // constraint flags
    record.push_back(sps[3]);  // level_idc
    record.push_back(static_cast<char>(0xFF));  // 6 reserved bits, lengthSizeMinusOne = 3
    record.push_back(static_cast<char>(0xE1));  // 3 reserved bits, one SPS
    record.push_back(static_cast<char>(sps.size() >> 8));
    record.push_back(static_cast<char>(sps.size() & 0xFF));
    record.append(sps);
    record.push_back(1);  // one PPS
    record.push_back(static_cast<char>(pps.size() >> 8));
    record.push_back(static_cast<char>(pps.size() & 0xFF));
    record.append(pps);
    return record;
}

}  // namespace sockstream::webrtc
