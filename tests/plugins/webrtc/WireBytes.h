#pragma once

#include <initializer_list>
#include <string>

/// Bytes written as numbers, for packets spelled out in tests.
inline std::string wireBytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out.push_back(static_cast<char>(v));
    return out;
}
