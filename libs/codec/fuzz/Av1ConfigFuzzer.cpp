// Fuzzes the av1C parser with what an encoder may send. It either throws
// RecordError or returns a record whose OBUs are exactly configOBUs and that
// writes back to the bytes it came from (reserved bits aside).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sockstream/codec/Av1CodecConfig.h"
#include "sockstream/codec/RecordError.h"

using sockstream::codec::Av1CodecConfig;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view record(reinterpret_cast<const char*>(data), size);
    try {
        const Av1CodecConfig config = Av1CodecConfig::parse(record);
        if (config.configObus.size() > Av1CodecConfig::kMaxObus) __builtin_trap();
        std::size_t obuBytes = 0;
        for (const auto& obu : config.configObus) obuBytes += obu.size();
        if (obuBytes + 4 != record.size()) __builtin_trap();
        const std::string written = config.write();
        if (written.substr(4) != record.substr(4)) __builtin_trap();
        const Av1CodecConfig again = Av1CodecConfig::parse(written);
        if (again.write() != written || again.codecString() != config.codecString()) __builtin_trap();
    } catch (const sockstream::codec::RecordError&) {
    }
    return 0;
}
