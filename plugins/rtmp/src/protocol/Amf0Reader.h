#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "Amf0Value.h"
#include "ByteReader.h"

namespace sockstream::rtmp {

/// Decodes AMF0 values with a nesting limit and a limit on how many values one
/// input may hold (a one-byte null must not become a large decoded object). Reference, movie clip, record
/// set and AMF3 switch markers are refused: RTMP encoders do not send them.
class Amf0Reader {
public:
    static constexpr std::size_t kDefaultMaxValues = 4096;

    Amf0Reader(std::string_view bytes, std::size_t maxDepth, std::size_t maxValues = kDefaultMaxValues);

    bool atEnd() const { return _reader.atEnd(); }
    /// Throws RtmpError for malformed input.
    Amf0Value read();
    /// Every value up to the end of the input.
    std::vector<Amf0Value> readAll();

private:
    Amf0Value readValue(std::size_t depth);
    void readProperties(Amf0Value& target, std::size_t depth);
    std::string readShortString();

    ByteReader _reader;
    std::size_t _maxDepth;
    std::size_t _maxValues;
    std::size_t _values = 0;
};

}  // namespace sockstream::rtmp
