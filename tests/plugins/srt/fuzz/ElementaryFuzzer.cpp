// What the MPEG-TS demuxer hands over is the publisher's bytes: the Annex B
// splitter, the ADTS splitter and the timeline must take any of them.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "AdtsAudio.h"
#include "AnnexBVideo.h"
#include "TsTimeline.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    try {
        (void)sockstream::srt::convertAnnexB(input, 4096);
    } catch (const std::invalid_argument&) {
    }
    try {
        (void)sockstream::srt::splitAdts(input);
    } catch (const std::invalid_argument&) {
    }
    sockstream::srt::TsTimeline timeline;
    for (std::size_t i = 0; i + 5 <= size; i += 5) {
        std::uint64_t wire = 0;
        for (std::size_t j = 1; j < 5; ++j) wire = (wire << 8) | data[i + j];
        (void)timeline.map(data[i] & 1, wire << 1);
    }
    return 0;
}
