#pragma once

#include <netinet/in.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "TransportAddress.h"

namespace sockstream::webrtc {

/// Media datagrams on their way out of the shared UDP port: a bounded set of
/// preallocated slots that RTP is copied into, rewritten and SRTP-protected
/// in place (no allocation per packet and viewer), handed to the socket
/// (MediaPort::send, sendmmsg with UDP GSO) when the slots are full or when
/// the owner's turn ends (flush()). What is not flushed is not sent: the
/// owner flushes at the end of every turn (an access unit, an RTCP packet).
///
/// A datagram to an ICE-TCP peer (TransportAddress::tcp) is written into a
/// slot of its own and handed to the stream sink at commit(): it never joins
/// the UDP batch (sendmmsg), so the UDP fast path is unchanged and the
/// session code does not need to know which transport its viewer uses.
class SendBatch {
public:
    /// Ethernet's MTU: our RTP (at most 1,200 bytes of payload) plus SRTP's tag fits.
    static constexpr std::size_t kSlotBytes = 1500;

    struct Entry {
        sockaddr_in to;
        std::size_t length;
    };
    /// Sends every committed datagram; the batch is emptied afterwards.
    using Sink = std::function<void(const SendBatch&)>;
    /// Takes one committed datagram to an ICE-TCP peer (framed and queued there).
    using StreamSink = std::function<void(const TransportAddress& to, std::string_view datagram)>;

    /// Without a `streamSink`, datagrams to ICE-TCP peers are dropped.
    SendBatch(std::size_t capacity, Sink sink, StreamSink streamSink = {});
    SendBatch(const SendBatch&) = delete;
    SendBatch& operator=(const SendBatch&) = delete;

    /// A slot of kSlotBytes for one datagram to `to` (flushing first when all
    /// slots are taken); commit() it, or the next open() reuses it. For an
    /// ICE-TCP `to`, the stream slot (commit() hands it to the stream sink).
    char* open(const TransportAddress& to);
    /// The datagram written into the slot from the last open() is `length`
    /// bytes (0: none after all).
    void commit(std::size_t length);
    /// Hands every committed datagram to the sink and empties the batch.
    void flush();

    std::size_t size() const { return _entries.size(); }
    std::size_t capacity() const { return _capacity; }
    const Entry& entry(std::size_t index) const { return _entries[index]; }
    const char* data(std::size_t index) const { return _slots.data() + index * kSlotBytes; }

    /// Runs of datagrams the kernel can send as one UDP GSO message: the same
    /// destination and segment size, only the last of a run shorter, at most
    /// `maxSegments` and `maxBytes` each. Without `gso` every datagram is a run.
    struct Run {
        std::size_t first;
        std::size_t count;
        std::size_t segmentSize;
    };
    std::vector<Run> runs(bool gso, std::size_t maxSegments, std::size_t maxBytes) const;

private:
    const std::size_t _capacity;
    Sink _sink;
    std::vector<char> _slots;
    std::vector<Entry> _entries;
    bool _open = false;
    StreamSink _streamSink;
    std::vector<char> _streamSlot;
    TransportAddress _streamTo;
    bool _streamOpen = false;  ///< the last open() was for an ICE-TCP peer
};

}  // namespace sockstream::webrtc
