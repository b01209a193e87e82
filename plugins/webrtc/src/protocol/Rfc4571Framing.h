#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace sockstream::webrtc {

/// RFC 4571 framing of STUN, DTLS, SRTP and SRTCP on an ICE-TCP connection
/// (RFC 6544): every packet is preceded by its length as two big-endian bytes.
/// The reader takes whatever recv() returned (partial frames, a length split
/// between two reads, many frames at once) and hands on whole frames. A frame
/// longer than `maxFrame` ends the stream for good: nothing WebRTC sends is
/// larger than a datagram, so it is junk or an attack, and the caller closes
/// the connection. Zero-length frames carry nothing and are skipped.
/// Memory is bounded: at most 2 + maxFrame bytes are ever held.
class Rfc4571Reader {
public:
    enum class Status { Ok, Oversize };
    using FrameHandler = std::function<void(std::string_view frame)>;

    explicit Rfc4571Reader(std::size_t maxFrame) : _maxFrame(maxFrame) {}

    /// Appends `bytes`; calls `onFrame` for every frame completed, in order.
    /// Oversize (now and on every later call) once a length exceeds maxFrame;
    /// frames before it in `bytes` were handed on.
    Status feed(std::string_view bytes, const FrameHandler& onFrame);

    /// Bytes of a frame (or of its length) not yet complete.
    std::size_t pending() const { return _pending.size(); }

private:
    std::size_t _maxFrame;
    std::string _pending;  ///< the start of the next frame, its length bytes included
    bool _failed = false;
};

/// Appends `packet`, framed (its length, then its bytes), to `out`; false (and
/// nothing appended) if it is longer than a frame can say (65,535 bytes).
bool appendRfc4571Frame(std::string& out, std::string_view packet);

}  // namespace sockstream::webrtc
