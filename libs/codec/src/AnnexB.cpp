#include "sockstream/codec/AnnexB.h"

#include <cstddef>

namespace sockstream::codec {

namespace {

/// Offset of the next 00 00 01 at or after `from`, or npos.
std::size_t nextStartCode(std::string_view data, std::size_t from) {
    for (std::size_t i = from; i + 2 < data.size(); ++i) {
        // A byte above 1 at i+2 rules out a start code at i, i+1 and i+2: skip
        // them all, so slice data is scanned about three bytes at a time.
        if (static_cast<unsigned char>(data[i + 2]) > 1) { i += 2; continue; }
        if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) return i;
    }
    return std::string_view::npos;
}

}  // namespace

std::vector<std::string_view> splitAnnexB(std::string_view stream) {
    std::vector<std::string_view> units;
    std::size_t start = nextStartCode(stream, 0);
    while (start != std::string_view::npos) {
        const std::size_t begin = start + 3;
        const std::size_t next = nextStartCode(stream, begin);
        std::size_t end = next == std::string_view::npos ? stream.size() : next;
        while (end > begin && stream[end - 1] == 0) --end;
        if (end > begin) units.push_back(stream.substr(begin, end - begin));
        start = next;
    }
    return units;
}

}  // namespace sockstream::codec
