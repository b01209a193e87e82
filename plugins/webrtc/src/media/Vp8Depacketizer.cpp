#include "Vp8Depacketizer.h"

#include "RtpPacket.h"

namespace sockstream::webrtc {

namespace {
unsigned char byteAt(std::string_view bytes, std::size_t at) { return static_cast<unsigned char>(bytes[at]); }
}  // namespace

std::optional<Vp8PayloadDescriptor> parseVp8PayloadDescriptor(std::string_view payload) {
    // RFC 7741 4.2: X R N S R PID(3) [I L T K RSV(4)] [M PictureID(7|15)] [TL0PICIDX] [TID Y KEYIDX]
    if (payload.empty()) return std::nullopt;
    Vp8PayloadDescriptor descriptor;
    const unsigned char first = byteAt(payload, 0);
    descriptor.nonReference = first & 0x20;
    descriptor.startOfPartition = first & 0x10;
    descriptor.partitionIndex = first & 0x07;
    std::size_t at = 1;
    if (first & 0x80) {
        if (payload.size() <= at) return std::nullopt;
        const unsigned char extension = byteAt(payload, at++);
        if (extension & 0x80) {  // I: picture ID
            if (payload.size() <= at) return std::nullopt;
            const unsigned char high = byteAt(payload, at++);
            if (high & 0x80) {  // M: 15 bits
                if (payload.size() <= at) return std::nullopt;
                descriptor.pictureId = ((high & 0x7F) << 8) | byteAt(payload, at++);
            } else {
                descriptor.pictureId = high;
            }
        }
        if (extension & 0x40) ++at;           // L: TL0PICIDX
        if (extension & 0x30) ++at;           // T or K: TID/Y/KEYIDX
    }
    if (at >= payload.size()) return std::nullopt;  // no VP8 payload after it
    descriptor.size = at;
    return descriptor;
}

Vp8Depacketizer::Vp8Depacketizer() : Vp8Depacketizer(Limits{}) {}

Vp8Depacketizer::Vp8Depacketizer(Limits limits) : _limits(limits), _window(limits.reorderWindow) {}

std::vector<Vp8Frame> Vp8Depacketizer::push(const RtpPacket& packet) {
    std::vector<Vp8Frame> out;
    if (packet.payload.empty()) return out;  // padding-only: a bandwidth probe
    take(_window.push(packet), out);
    return out;
}

std::vector<Vp8Frame> Vp8Depacketizer::skipMissing() {
    std::vector<Vp8Frame> out;
    take(_window.skipMissing(), out);
    return out;
}

void Vp8Depacketizer::take(RtpReorderWindow::Released released, std::vector<Vp8Frame>& out) {
    for (const auto& packet : released) {
        if (packet) accept(*packet, out);
        else lose();
    }
}

/// A packet never came: the frame it was part of cannot be decoded.
void Vp8Depacketizer::lose() {
    _broken = true;
    _waitingForKeyframe = true;
}

void Vp8Depacketizer::accept(const RtpReorderWindow::Packet& packet, std::vector<Vp8Frame>& out) {
    if (_hasTimestamp && packet.timestamp != _timestamp) {
        _broken = true;  // the marker of the last one was lost
        finish(out);
    }
    _hasTimestamp = true;
    _timestamp = packet.timestamp;
    if (!_broken && !readPayload(packet.payload)) _broken = true;
    if (packet.marker) finish(out);
}

bool Vp8Depacketizer::readPayload(std::string_view payload) {
    const auto descriptor = parseVp8PayloadDescriptor(payload);
    if (!descriptor) return false;
    const bool first = descriptor->startOfPartition && descriptor->partitionIndex == 0;
    if (first == _started) return false;  // a second start, or a middle without its start
    if (first) {
        _started = true;
        _pictureId = descriptor->pictureId;
    } else if (descriptor->pictureId != _pictureId) {
        return false;  // packets of two pictures under one timestamp
    }
    if (++_packets > _limits.maxPacketsPerFrame) return false;
    const std::string_view data = payload.substr(descriptor->size);
    if (_frame.size() + data.size() > _limits.maxFrameSize) return false;
    _frame.append(data);
    return true;
}

void Vp8Depacketizer::finish(std::vector<Vp8Frame>& out) {
    Vp8Frame frame;
    frame.rtpTimestamp = _timestamp;
    bool usable = !_broken && _started && _frame.size() >= 3;
    if (usable) {
        // RFC 6386 9.1: the frame tag's bit 0 is 0 for a keyframe, which then
        // has the start code 9d 01 2a and 14-bit width and height.
        const unsigned char tag = byteAt(_frame, 0);
        frame.keyframe = (tag & 0x01) == 0;
        if (frame.keyframe) {
            if (_frame.size() < 10 || byteAt(_frame, 3) != 0x9d || byteAt(_frame, 4) != 0x01 || byteAt(_frame, 5) != 0x2a) {
                usable = false;
                _broken = true;
            } else {
                frame.width = (byteAt(_frame, 6) | (byteAt(_frame, 7) << 8)) & 0x3FFF;
                frame.height = (byteAt(_frame, 8) | (byteAt(_frame, 9) << 8)) & 0x3FFF;
                if (frame.width == 0 || frame.height == 0) {
                    usable = false;
                    _broken = true;
                }
            }
        }
    }
    if (usable && (!_waitingForKeyframe || frame.keyframe)) {
        _waitingForKeyframe = false;
        frame.data = std::move(_frame);
        out.push_back(std::move(frame));
    } else if (_hasTimestamp) {
        ++_dropped;
        // Later frames may reference the one dropped: wait for a fresh start.
        if (_broken || !_started) _waitingForKeyframe = true;
    }
    _frame.clear();
    _packets = 0;
    _hasTimestamp = false;
    _started = false;
    _pictureId.reset();
    _broken = false;
}

}  // namespace sockstream::webrtc
