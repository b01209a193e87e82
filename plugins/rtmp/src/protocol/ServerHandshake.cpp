#include "ServerHandshake.h"

#include <algorithm>

#include "HandshakeDigest.h"
#include "RtmpError.h"

namespace sockstream::rtmp {

namespace {
constexpr std::uint8_t kRtmpVersion = 3;
constexpr std::size_t kPacket = HandshakeDigest::kPacketSize;
}  // namespace

std::size_t ServerHandshake::feed(const std::uint8_t* data, std::size_t size, std::string& output) {
    std::size_t consumed = 0;
    while (_state != State::Done && consumed < size) {
        const std::size_t wanted = (_state == State::WaitingC0C1 ? 1 + kPacket : kPacket) - _pending.size();
        const std::size_t take = std::min(wanted, size - consumed);
        _pending.append(reinterpret_cast<const char*>(data + consumed), take);
        consumed += take;
        if (_state == State::WaitingC0C1 && !_pending.empty() &&
            static_cast<std::uint8_t>(_pending[0]) != kRtmpVersion) {
            throw RtmpError("unsupported RTMP version " + std::to_string(static_cast<std::uint8_t>(_pending[0])));
        }
        if (take < wanted) break;
        if (_state == State::WaitingC0C1) {
            answer(output);
            _state = State::WaitingC2;
        } else {
            // C2 echoes S1; encoders differ in how faithfully, so it is not checked.
            _state = State::Done;
        }
        _pending.clear();
    }
    return consumed;
}

void ServerHandshake::answer(std::string& output) {
    const std::string c1 = _pending.substr(1);
    output.push_back(static_cast<char>(kRtmpVersion));
    const bool clientWantsDigest = c1[4] != 0 || c1[5] != 0 || c1[6] != 0 || c1[7] != 0;
    if (clientWantsDigest) {
        if (auto offset = HandshakeDigest::findClientDigest(c1)) {
            _usedDigest = true;
            const int scheme = *offset < 772 ? 0 : 1;
            output += HandshakeDigest::makeServerS1(scheme);
            output += HandshakeDigest::makeServerS2(c1.substr(*offset, HandshakeDigest::kDigestSize));
            return;
        }
    }
    // Plain handshake: S1 with zero time and version, S2 echoes C1.
    std::string s1(kPacket, '\0');
    for (std::size_t i = 8; i < kPacket; ++i) s1[i] = static_cast<char>((i * 131 + c1[i]) & 0xFF);
    output += s1;
    output += c1;
}

}  // namespace sockstream::rtmp
