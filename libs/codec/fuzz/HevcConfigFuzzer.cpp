// Fuzzes the hvcC parser with what an encoder may send. It either throws
// RecordError or returns a record within its limits that writes back to bytes
// which parse to the same record.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sockstream/codec/HevcDecoderConfig.h"
#include "sockstream/codec/RecordError.h"

using sockstream::codec::HevcDecoderConfig;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view record(reinterpret_cast<const char*>(data), size);
    try {
        const HevcDecoderConfig config = HevcDecoderConfig::parse(record);
        std::size_t units = 0;
        for (const auto& array : config.arrays) units += array.units.size();
        if (units > HevcDecoderConfig::kMaxNalUnits) __builtin_trap();
        const std::string written = config.write();
        if (written.size() > record.size()) __builtin_trap();  // nothing invented, trailing bytes dropped
        const HevcDecoderConfig again = HevcDecoderConfig::parse(written);
        if (again.write() != written || again.codecString() != config.codecString()) __builtin_trap();
    } catch (const sockstream::codec::RecordError&) {
    }
    return 0;
}
