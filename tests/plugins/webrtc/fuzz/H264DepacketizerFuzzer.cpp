// H.264 depacketizer: the input is a list of RTP packets (2-byte length, then
// the packet); whatever order, loss or payloads they carry, access units stay
// within the limits, each is whole length-prefixed NAL units, and nothing is
// read out of bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "H264Depacketizer.h"
#include "RtpPacket.h"
#include "RtpPacketList.h"

using namespace sockstream::webrtc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    H264Depacketizer::Limits limits;
    limits.maxAccessUnitSize = 16 * 1024;
    limits.maxNalUnits = 16;
    limits.reorderWindow = 8;
    H264Depacketizer depacketizer(limits);
    fuzz::forEachRtpPacket(data, size, [&](const RtpPacket& rtp) {
        const RtpPacket* packet = &rtp;
        std::vector<H264AccessUnit> units = depacketizer.push(*packet);
        if (depacketizer.missingSequences().size() > limits.reorderWindow) std::abort();
        // Now and then, stop waiting for what is missing (the first payload byte decides).
        if (!packet->payload.empty() && static_cast<unsigned char>(packet->payload[0]) == 0xFF)
            for (auto& unit : depacketizer.skipMissing()) units.push_back(std::move(unit));
        for (const auto& unit : units) {
            if (unit.data.empty() || unit.data.size() > limits.maxAccessUnitSize) std::abort();
            std::size_t at = 0, units = 0;
            while (at < unit.data.size()) {
                if (unit.data.size() - at < 4) std::abort();
                const std::size_t nal = (std::size_t(static_cast<unsigned char>(unit.data[at])) << 24) |
                                        (std::size_t(static_cast<unsigned char>(unit.data[at + 1])) << 16) |
                                        (std::size_t(static_cast<unsigned char>(unit.data[at + 2])) << 8) |
                                        static_cast<unsigned char>(unit.data[at + 3]);
                at += 4;
                if (nal == 0 || unit.data.size() - at < nal) std::abort();
                at += nal;
                ++units;
            }
            if (units > limits.maxNalUnits) std::abort();
        }
    });
    return 0;
}
