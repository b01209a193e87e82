#include "RetransmissionHistory.h"

#include <algorithm>

namespace sockstream::webrtc {

namespace {
std::size_t roundedCapacity(std::size_t wanted) {
    std::size_t capacity = 16;
    while (capacity < wanted && capacity < 32768) capacity <<= 1;
    return capacity;
}
}  // namespace

RetransmissionHistory::RetransmissionHistory(std::size_t capacity)
    : _slots(roundedCapacity(capacity)), _mask(_slots.size() - 1) {}

void RetransmissionHistory::remember(std::string_view rtpPacket) {
    if (rtpPacket.size() < 12) return;
    const auto sequence = static_cast<std::uint16_t>((static_cast<unsigned char>(rtpPacket[2]) << 8) |
                                                     static_cast<unsigned char>(rtpPacket[3]));
    auto& slot = _slots[sequence & _mask];
    slot.used = true;
    slot.sequence = sequence;
    slot.packet.assign(rtpPacket);
    // The newest sequence moves forward only (modulo 2^16); a late packet does not pull it back.
    if (!_any || static_cast<std::int16_t>(sequence - _newest) > 0) _newest = sequence;
    _any = true;
}

const std::string* RetransmissionHistory::find(std::uint16_t sequence) const {
    const auto& slot = _slots[sequence & _mask];
    if (!slot.used || slot.sequence != sequence) return nullptr;
    // A slot last written 65536 sequence numbers ago would carry the same
    // number: only packets within `capacity` of the newest count.
    const auto age = static_cast<std::uint16_t>(_newest - sequence);
    if (age >= _slots.size()) return nullptr;
    return &slot.packet;
}

void RetransmissionHistory::clear() {
    for (auto& slot : _slots) {
        slot.used = false;
        slot.packet.clear();
    }
    _any = false;
}

}  // namespace sockstream::webrtc
