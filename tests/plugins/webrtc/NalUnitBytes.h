#pragma once

// Test helpers for H.264 as the media bus carries it: NAL units of a chosen
// type and size, joined with 4-byte length prefixes (AVCC framing).

#include <cstddef>
#include <string>
#include <vector>

/// A NAL unit whose first byte is `header`, filled up to `size` with `fill`.
inline std::string nalUnit(char header, std::size_t size, char fill) {
    std::string unit(size, fill);
    unit[0] = header;
    return unit;
}

/// The units, each behind its 4-byte big-endian length: one access unit.
inline std::string lengthPrefixed(const std::vector<std::string>& units) {
    std::string out;
    for (const auto& unit : units) {
        for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((unit.size() >> shift) & 0xFF));
        out += unit;
    }
    return out;
}
