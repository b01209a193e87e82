// The SRT stream ID comes from any caller, before any check: parse it with
// small limits so long inputs reach the limit paths too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "StreamId.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)sockstream::srt::parseStreamId(input);
    sockstream::srt::StreamIdLimits small;
    small.maxStreamIdBytes = 64;
    small.maxKeyBytes = 16;
    const auto request = sockstream::srt::parseStreamId(input, small);
    if (request.outcome == sockstream::srt::StreamIdRequest::Outcome::Publish &&
        (request.key.empty() || request.key.size() > small.maxKeyBytes))
        __builtin_trap();
    return 0;
}
