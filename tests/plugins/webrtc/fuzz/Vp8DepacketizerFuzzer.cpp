// VP8 depacketizer: the input is a list of RTP packets (2-byte length, then
// the packet); whatever order, loss or payload descriptors they carry, frames
// stay within the limits, keyframes carry their start code and a picture
// size, nothing but a keyframe comes out after a loss, and nothing is read
// out of bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "RtpPacket.h"
#include "RtpPacketList.h"
#include "Vp8Depacketizer.h"

using namespace sockstream::webrtc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Vp8Depacketizer::Limits limits;
    limits.maxFrameSize = 16 * 1024;
    limits.maxPacketsPerFrame = 16;
    limits.reorderWindow = 8;
    Vp8Depacketizer depacketizer(limits);
    bool waiting = true;
    fuzz::forEachRtpPacket(data, size, [&](const RtpPacket& rtp) {
        const RtpPacket* packet = &rtp;
        std::vector<Vp8Frame> frames = depacketizer.push(*packet);
        if (depacketizer.missingSequences().size() > limits.reorderWindow) std::abort();
        // Now and then, stop waiting for what is missing (the first payload byte decides).
        if (!packet->payload.empty() && static_cast<unsigned char>(packet->payload[0]) == 0xFF)
            for (auto& frame : depacketizer.skipMissing()) frames.push_back(std::move(frame));
        for (const auto& frame : frames) {
            // Nothing comes out between a loss (or the start) and the next keyframe.
            if (waiting && !frame.keyframe) std::abort();
            if (frame.keyframe) waiting = false;
            if (frame.data.size() < 3 || frame.data.size() > limits.maxFrameSize) std::abort();
            const bool keyframe = (static_cast<unsigned char>(frame.data[0]) & 1) == 0;
            if (keyframe != frame.keyframe) std::abort();
            if (frame.keyframe && (frame.data.size() < 10 || frame.width <= 0 || frame.height <= 0)) std::abort();
        }
        waiting = depacketizer.wantsKeyframe();
    });
    return 0;
}
