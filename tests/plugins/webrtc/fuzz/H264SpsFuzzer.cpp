// H.264 SPS reader: arbitrary bytes give a picture size within the limits or
// are refused with a reason.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "H264SequenceParameterSet.h"

using namespace sockstream::webrtc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string why;
    const auto info = parseH264SequenceParameterSet(std::string_view(reinterpret_cast<const char*>(data), size), &why);
    if (!info) {
        if (why.empty()) std::abort();
        return 0;
    }
    if (info->width <= 0 || info->height <= 0 || info->width > 16384 || info->height > 16384) std::abort();
    return 0;
}
