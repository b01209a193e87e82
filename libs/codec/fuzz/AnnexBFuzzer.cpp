// Fuzzes the Annex B splitter against a plain byte-by-byte scan, so the fast
// skip over slice data can never miss a start code, and checks what it gives:
// non-empty views into the input, in order, each right behind 00 00 01, none
// ending in a zero byte or holding a start code.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "sockstream/codec/AnnexB.h"

namespace {

std::vector<std::string_view> plainSplit(std::string_view stream) {
    std::vector<std::string_view> units;
    std::size_t start = std::string_view::npos;
    auto close = [&](std::size_t end) {
        while (end > start && stream[end - 1] == 0) --end;
        if (end > start) units.push_back(stream.substr(start, end - start));
    };
    for (std::size_t at = 0; at + 3 <= stream.size();) {
        if (stream[at] == 0 && stream[at + 1] == 0 && stream[at + 2] == 1) {
            if (start != std::string_view::npos) close(at);
            at += 3;
            start = at;
        } else {
            ++at;
        }
    }
    if (start != std::string_view::npos) close(stream.size());
    return units;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto units = sockstream::codec::splitAnnexB(input);
    const auto expected = plainSplit(input);
    if (units.size() != expected.size()) __builtin_trap();
    std::size_t after = 0;
    for (std::size_t i = 0; i < units.size(); ++i) {
        const auto unit = units[i];
        if (unit.data() != expected[i].data() || unit.size() != expected[i].size()) __builtin_trap();
        const auto offset = static_cast<std::size_t>(unit.data() - input.data());
        if (unit.empty() || offset < after + 3 || offset + unit.size() > size) __builtin_trap();
        if (input.substr(offset - 3, 3) != std::string_view("\0\0\1", 3)) __builtin_trap();
        if (unit.back() == 0 || unit.find(std::string_view("\0\0\1", 3)) != std::string_view::npos) __builtin_trap();
        after = offset + unit.size();
    }
    return 0;
}
