// Fuzzes both Opus header parsers: the first byte picks OpusHead or dOps, the
// rest is the header. Each either throws RecordError or returns a header
// that is consistent and converts between the two forms without change.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sockstream/codec/OpusHead.h"
#include "sockstream/codec/RecordError.h"

using sockstream::codec::OpusHead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        const OpusHead head = data[0] % 2 == 0 ? OpusHead::parseOpusHead(bytes) : OpusHead::parseDops(bytes);
        if (head.channels == 0 || head.channelMapping.size() != head.channels) __builtin_trap();
        if (head.coupledCount > head.streamCount || head.streamCount == 0) __builtin_trap();
        const OpusHead viaDops = OpusHead::parseDops(head.writeDops());
        const OpusHead viaHead = OpusHead::parseOpusHead(head.writeOpusHead());
        if (viaDops.writeOpusHead() != head.writeOpusHead() || viaHead.writeDops() != head.writeDops()) __builtin_trap();
    } catch (const sockstream::codec::RecordError&) {
    }
    return 0;
}
