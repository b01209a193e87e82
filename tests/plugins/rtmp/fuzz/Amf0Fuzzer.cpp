// AMF0 decoder: arbitrary bytes decode or throw RtmpError; what decodes
// re-encodes and decodes to the same number of values.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "Amf0Reader.h"
#include "Amf0Writer.h"
#include "RtmpError.h"

using namespace sockstream::rtmp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        const auto values = Amf0Reader(bytes, 16).readAll();
        Amf0Writer writer;
        for (const auto& value : values) writer.value(value);
        const auto again = Amf0Reader(writer.bytes(), 16).readAll();
        if (again.size() != values.size()) std::abort();
    } catch (const RtmpError&) {
    }
    return 0;
}
