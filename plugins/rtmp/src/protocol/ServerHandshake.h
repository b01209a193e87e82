#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace sockstream::rtmp {

/// The server side of the RTMP handshake: C0+C1 in, S0+S1+S2 out, then C2.
/// Answers the digest variant when C1 carries a valid client digest and
/// falls back to the plain echo otherwise.
class ServerHandshake {
public:
    /// Consumes handshake bytes and returns how many it took; bytes beyond the
    /// handshake are left for the chunk reader. Appends replies to `output`.
    /// Throws RtmpError for an unsupported version (e.g. RTMPE).
    std::size_t feed(const std::uint8_t* data, std::size_t size, std::string& output);
    bool done() const { return _state == State::Done; }
    bool usedDigest() const { return _usedDigest; }

private:
    enum class State { WaitingC0C1, WaitingC2, Done };
    void answer(std::string& output);

    State _state = State::WaitingC0C1;
    std::string _pending;
    bool _usedDigest = false;
};

}  // namespace sockstream::rtmp
