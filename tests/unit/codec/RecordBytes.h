#pragma once

// What every codec record test needs: bytes written as numbers, and the words
// a parser refuses them with.
#include <initializer_list>
#include <string>

#include "sockstream/codec/RecordError.h"

namespace sockstream::codec::test {

inline std::string raw(std::initializer_list<int> bytes) {
    std::string out;
    for (int b : bytes) out.push_back(static_cast<char>(b));
    return out;
}

/// The words `parse(bytes)` throws RecordError with, or "" when it accepts them.
template <class Parse>
std::string refusalOf(Parse parse, const std::string& bytes) {
    try {
        parse(bytes);
    } catch (const RecordError& error) {
        return error.what();
    }
    return "";
}

/// refusalOf() for a record with a static parse().
template <class Record>
std::string refusal(const std::string& bytes) {
    return refusalOf([](const std::string& b) { return Record::parse(b); }, bytes);
}

}  // namespace sockstream::codec::test
