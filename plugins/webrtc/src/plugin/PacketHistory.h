#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sockstream::webrtc {

/// The last RTP packets of one track by sequence number, to answer NACKs
/// (RFC 4585 section 6.2.1) with the same bytes. Bounded: a slot per
/// sequence number modulo the capacity, so a lookup is one index. Not thread-safe.
class PacketHistory {
public:
    explicit PacketHistory(std::size_t capacity) : _slots(capacity) {}

    void add(std::uint16_t sequence, std::shared_ptr<const std::string> packet) {
        if (_slots.empty()) return;
        _slots[sequence % _slots.size()] = {sequence, std::move(packet)};
    }
    /// The packet with that sequence number, or null when it is gone or never was.
    std::shared_ptr<const std::string> find(std::uint16_t sequence) const {
        if (_slots.empty()) return nullptr;
        const auto& slot = _slots[sequence % _slots.size()];
        return slot.packet && slot.sequence == sequence ? slot.packet : nullptr;
    }
    void clear() {
        for (auto& slot : _slots) slot = {};
    }

private:
    struct Slot {
        std::uint16_t sequence = 0;
        std::shared_ptr<const std::string> packet;
    };
    std::vector<Slot> _slots;
};

}  // namespace sockstream::webrtc
