#include "Rfc4571Framing.h"

#include <algorithm>
#include <cstdint>

namespace sockstream::webrtc {

namespace {
constexpr std::size_t kLengthBytes = 2;
std::size_t frameLength(const char* bytes) {
    return (static_cast<std::size_t>(static_cast<unsigned char>(bytes[0])) << 8) |
           static_cast<unsigned char>(bytes[1]);
}
}  // namespace

Rfc4571Reader::Status Rfc4571Reader::feed(std::string_view bytes, const FrameHandler& onFrame) {
    if (_failed) return Status::Oversize;
    // Whole frames straight from `bytes` (no copy in the common case); only an
    // incomplete tail is kept in _pending.
    while (!bytes.empty()) {
        if (_pending.size() < kLengthBytes) {
            const std::size_t take = std::min(kLengthBytes - _pending.size(), bytes.size());
            if (_pending.empty() && bytes.size() >= kLengthBytes) {
                const std::size_t length = frameLength(bytes.data());
                if (length > _maxFrame) {
                    _failed = true;
                    return Status::Oversize;
                }
                if (bytes.size() >= kLengthBytes + length) {
                    if (length > 0) onFrame(bytes.substr(kLengthBytes, length));
                    bytes.remove_prefix(kLengthBytes + length);
                    continue;
                }
            }
            _pending.append(bytes.data(), take);
            bytes.remove_prefix(take);
            if (_pending.size() < kLengthBytes) break;
        }
        const std::size_t length = frameLength(_pending.data());
        if (length > _maxFrame) {
            _failed = true;
            _pending.clear();
            return Status::Oversize;
        }
        const std::size_t missing = kLengthBytes + length - _pending.size();
        const std::size_t take = std::min(missing, bytes.size());
        _pending.append(bytes.data(), take);
        bytes.remove_prefix(take);
        if (_pending.size() < kLengthBytes + length) break;
        if (length > 0) onFrame(std::string_view(_pending).substr(kLengthBytes));
        _pending.clear();
    }
    return Status::Ok;
}

bool appendRfc4571Frame(std::string& out, std::string_view packet) {
    if (packet.size() > 0xFFFF) return false;
    out.push_back(static_cast<char>(packet.size() >> 8));
    out.push_back(static_cast<char>(packet.size() & 0xFF));
    out.append(packet);
    return true;
}

}  // namespace sockstream::webrtc
