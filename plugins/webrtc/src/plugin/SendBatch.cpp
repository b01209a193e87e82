#include "SendBatch.h"

#include <stdexcept>

#include "SocketAddress.h"

namespace sockstream::webrtc {

SendBatch::SendBatch(std::size_t capacity, Sink sink, StreamSink streamSink)
    : _capacity(capacity),
      _sink(std::move(sink)),
      _slots(capacity * kSlotBytes),
      _streamSink(std::move(streamSink)),
      _streamSlot(kSlotBytes) {
    if (capacity == 0) throw std::invalid_argument("a send batch needs at least one slot");
    _entries.reserve(capacity);
}

char* SendBatch::open(const TransportAddress& to) {
    if (_open) _entries.pop_back();  // the last open() was not committed: its slot is reused
    _open = false;
    if (to.tcp) {
        _streamTo = to;
        _streamOpen = true;
        return _streamSlot.data();
    }
    _streamOpen = false;
    if (_entries.size() == _capacity) flush();
    _entries.push_back({toSockaddr(to), 0});
    _open = true;
    return _slots.data() + (_entries.size() - 1) * kSlotBytes;
}

void SendBatch::commit(std::size_t length) {
    if (_streamOpen) {
        _streamOpen = false;
        if (_streamSink && length > 0 && length <= kSlotBytes) _streamSink(_streamTo, {_streamSlot.data(), length});
        return;
    }
    if (!_open) return;
    _open = false;
    if (length == 0 || length > kSlotBytes) {
        _entries.pop_back();
        return;
    }
    _entries.back().length = length;
}

void SendBatch::flush() {
    _streamOpen = false;
    if (_open) {
        _entries.pop_back();
        _open = false;
    }
    if (!_entries.empty()) _sink(*this);
    _entries.clear();
}

std::vector<SendBatch::Run> SendBatch::runs(bool gso, std::size_t maxSegments, std::size_t maxBytes) const {
    std::vector<Run> out;
    const auto sameDestination = [](const sockaddr_in& a, const sockaddr_in& b) {
        return a.sin_addr.s_addr == b.sin_addr.s_addr && a.sin_port == b.sin_port;
    };
    const std::size_t committed = _open ? _entries.size() - 1 : _entries.size();
    for (std::size_t i = 0; i < committed;) {
        Run run{i, 1, _entries[i].length};
        if (gso) {
            std::size_t bytes = run.segmentSize;
            // A shorter datagram ends the run (GSO cuts at segmentSize; only the last may be short).
            while (i + run.count < committed && run.count < maxSegments &&
                   _entries[i + run.count - 1].length == run.segmentSize) {
                const Entry& next = _entries[i + run.count];
                if (!sameDestination(next.to, _entries[i].to) || next.length > run.segmentSize ||
                    bytes + next.length > maxBytes)
                    break;
                bytes += next.length;
                ++run.count;
            }
        }
        out.push_back(run);
        i += run.count;
    }
    return out;
}

}  // namespace sockstream::webrtc
