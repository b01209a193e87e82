// Fuzzes the codec configuration record parsers with what an encoder may send:
// the first byte picks the record, the rest is the record. A parser either
// returns a record within its limits or throws RecordError; nothing else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sockstream/codec/AudioSpecificConfig.h"
#include "sockstream/codec/AvcDecoderConfig.h"
#include "sockstream/codec/RecordError.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view record(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        if (data[0] % 2 == 0) {
            auto config = sockstream::codec::AvcDecoderConfig::parse(record);
            std::size_t total = 0;
            for (const auto& set : config.sequenceParameterSets) total += set.size();
            for (const auto& set : config.pictureParameterSets) total += set.size();
            if (total > record.size() || config.codecString().size() != 11) __builtin_trap();
        } else {
            auto config = sockstream::codec::AudioSpecificConfig::parse(record);
            if (config.objectType <= 0 || config.sampleRate <= 0 || config.codecString().size() > 16) __builtin_trap();
        }
    } catch (const sockstream::codec::RecordError&) {
    }
    return 0;
}
