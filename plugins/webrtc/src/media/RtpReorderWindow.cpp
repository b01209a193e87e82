#include "RtpReorderWindow.h"

#include <algorithm>

#include "RtpPacket.h"
#include "sockstream/media/MediaTime.h"

namespace sockstream::webrtc {

RtpReorderWindow::RtpReorderWindow(std::size_t size) : _slots(std::max<std::size_t>(size, 1)) {}

RtpReorderWindow::Released RtpReorderWindow::push(const RtpPacket& packet) {
    Released out;
    // Sequence numbers start at a random value: extend relative to the next expected one.
    const std::int64_t sequence = _started ? unwrapTicks(_next, packet.sequence, 16) : packet.sequence + 65536;
    if (!_started) {
        _started = true;
        _next = _newest = sequence;
    }
    if (sequence < _next) return out;  // a duplicate, or later than we waited for it
    if (sequence >= _next + size()) {
        // Far ahead of the window: release what is held, one gap for the rest.
        while (_next <= _newest) {
            Slot& held = slot(_next);
            if (held.used && held.packet.sequence == _next) {
                out.emplace_back(std::move(held.packet));
                held.used = false;
            } else if (out.empty() || out.back()) {
                out.emplace_back(std::nullopt);
            }
            ++_next;
        }
        if (out.empty() || out.back()) out.emplace_back(std::nullopt);
        _next = sequence;
    }
    Slot& target = slot(sequence);
    if (target.used && target.packet.sequence == sequence) return out;  // duplicate of a held packet
    target.used = true;
    target.packet.sequence = sequence;
    target.packet.marker = packet.marker;
    target.packet.timestamp = packet.timestamp;
    target.packet.payload.assign(packet.payload);
    _newest = std::max(_newest, sequence);
    advance(out);
    return out;
}

/// Releases the packets now in order; a gap when the window is full of later ones.
void RtpReorderWindow::advance(Released& out) {
    while (_next <= _newest) {
        Slot& next = slot(_next);
        if (next.used && next.packet.sequence == _next) {
            out.emplace_back(std::move(next.packet));
            next.used = false;
        } else if (_newest - _next >= size() - 1) {
            out.emplace_back(std::nullopt);  // waited a whole window for it
        } else {
            break;
        }
        ++_next;
    }
}

std::vector<std::uint16_t> RtpReorderWindow::missingSequences() const {
    std::vector<std::uint16_t> missing;
    for (std::int64_t sequence = _next; _started && sequence < _newest; ++sequence) {
        const Slot& held = slot(sequence);
        if (!held.used || held.packet.sequence != sequence) missing.push_back(static_cast<std::uint16_t>(sequence));
    }
    return missing;
}

RtpReorderWindow::Released RtpReorderWindow::skipMissing() {
    Released out;
    while (_started && _next <= _newest) {
        Slot& next = slot(_next);
        if (next.used && next.packet.sequence == _next) {
            out.emplace_back(std::move(next.packet));
            next.used = false;
        } else {
            out.emplace_back(std::nullopt);
        }
        ++_next;
    }
    return out;
}

}  // namespace sockstream::webrtc
