// Fuzzes reading codec strings from decoder configuration records an encoder sent.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "CodecStrings.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    using sockstream::Codec;
    static const Codec kCodecs[] = {Codec::H264, Codec::HEVC, Codec::AV1, Codec::AAC, Codec::MP3, Codec::Unknown};
    Codec codec = kCodecs[data[0] % 6];
    std::string_view config(reinterpret_cast<const char*>(data + 1), size - 1);
    auto text = sockstream::hls::CodecStrings::forTrack(codec, config);
    if (text && text->size() > 64) __builtin_trap();
    return 0;
}
