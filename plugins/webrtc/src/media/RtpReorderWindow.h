#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sockstream::webrtc {

struct RtpPacket;

/// Puts one RTP track's packets back in sequence order within a bounded
/// window, for a depacketizer that needs them in order (Vp8Depacketizer). A
/// sequence number missing while the window fills up, or given up on with
/// skipMissing(), comes out as a gap (nullopt) so the caller drops the frame
/// it belonged to. Duplicates and packets older than the next expected one
/// are ignored. Not thread-safe.
class RtpReorderWindow {
public:
    struct Packet {
        std::int64_t sequence = 0;  ///< extended (unwrapped)
        bool marker = false;
        std::uint32_t timestamp = 0;
        std::string payload;
    };
    /// In sequence order: a packet, or nullopt for one or more lost packets.
    using Released = std::vector<std::optional<Packet>>;

    explicit RtpReorderWindow(std::size_t size);

    /// One packet with a payload (the caller skips padding-only probes).
    Released push(const RtpPacket& packet);
    /// Sequence numbers missing between the next expected and the newest
    /// held, oldest first: what to ask for in a generic NACK.
    std::vector<std::uint16_t> missingSequences() const;
    /// Stops waiting for what is missing: gaps for it, then what was held.
    Released skipMissing();

private:
    struct Slot {
        bool used = false;
        Packet packet;
    };
    void advance(Released& out);
    Slot& slot(std::int64_t sequence) { return _slots[static_cast<std::size_t>(sequence % size())]; }
    const Slot& slot(std::int64_t sequence) const { return _slots[static_cast<std::size_t>(sequence % size())]; }
    std::int64_t size() const { return static_cast<std::int64_t>(_slots.size()); }

    std::vector<Slot> _slots;
    bool _started = false;
    std::int64_t _next = 0;    ///< extended sequence number expected next
    std::int64_t _newest = 0;  ///< highest extended sequence number held or taken
};

}  // namespace sockstream::webrtc
