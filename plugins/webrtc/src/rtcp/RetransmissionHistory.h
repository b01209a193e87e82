#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sockstream::webrtc {

/// The last `capacity` RTP packets of one track, by sequence number, for
/// answering NACKs (RFC 4585): kept once per track, before SRTP, so every
/// viewer's retransmission comes from the same bytes. A ring indexed by the
/// sequence number's low bits: remembering and finding are O(1), and memory is
/// fixed once every slot has held a packet (a slot's buffer is reused). Not
/// thread-safe: use it on the track's own strand.
class RetransmissionHistory {
public:
    /// `capacity` is rounded up to a power of two, at least 16 and at most 32768
    /// (half the sequence space, so "newer" stays unambiguous).
    explicit RetransmissionHistory(std::size_t capacity = 1024);

    /// Copies an RTP packet (its sequence number read from bytes 2..3) into the
    /// history, replacing the packet `capacity` sequence numbers older. Packets
    /// shorter than an RTP header are ignored.
    void remember(std::string_view rtpPacket);

    /// The packet with this sequence number if it is still held, else nullptr
    /// (never sent, or overwritten). Valid until the next remember() or clear().
    const std::string* find(std::uint16_t sequence) const;

    std::size_t capacity() const { return _slots.size(); }
    void clear();

private:
    struct Slot {
        bool used = false;
        std::uint16_t sequence = 0;
        std::string packet;
    };
    std::vector<Slot> _slots;
    std::size_t _mask;
    bool _any = false;
    std::uint16_t _newest = 0;
};

}  // namespace sockstream::webrtc
