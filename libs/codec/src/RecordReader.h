#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sockstream/codec/RecordError.h"

namespace sockstream::codec::detail {

/// Reads a record's fields in order; a read past the end throws RecordError
/// "<record> too short (<field>)", so every message names what was cut short.
class RecordReader {
public:
    RecordReader(std::string_view bytes, const char* record) : _bytes(bytes), _record(record) {}

    std::uint8_t u8(const char* what) { return static_cast<std::uint8_t>(take(1, what)[0]); }
    std::uint64_t bigEndian(std::size_t count, const char* what) {
        std::uint64_t value = 0;
        for (char c : take(count, what)) value = (value << 8) | static_cast<std::uint8_t>(c);
        return value;
    }
    std::uint64_t littleEndian(std::size_t count, const char* what) {
        std::uint64_t value = 0;
        const std::string_view bytes = take(count, what);
        for (std::size_t i = count; i-- > 0;) value = (value << 8) | static_cast<std::uint8_t>(bytes[i]);
        return value;
    }
    std::string_view take(std::size_t count, const char* what) {
        if (count > _bytes.size() - _at) throw RecordError(std::string(_record) + " too short (" + what + ")");
        const std::string_view bytes = _bytes.substr(_at, count);
        _at += count;
        return bytes;
    }
    std::size_t remaining() const { return _bytes.size() - _at; }
    std::string_view rest() {
        const std::string_view bytes = _bytes.substr(_at);
        _at = _bytes.size();
        return bytes;
    }

private:
    std::string_view _bytes;
    const char* _record;
    std::size_t _at = 0;
};

/// Appends big- or little-endian fields to a record being written.
inline void putBigEndian(std::string& out, std::uint64_t value, std::size_t count) {
    for (std::size_t i = count; i-- > 0;) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}
inline void putLittleEndian(std::string& out, std::uint64_t value, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

/// Refuses a record over `limit` bytes before reading it.
inline void checkRecordSize(std::string_view bytes, std::size_t limit, const char* record) {
    if (bytes.size() > limit)
        throw RecordError(std::string(record) + " of " + std::to_string(bytes.size()) + " bytes is over the " +
                          std::to_string(limit) + "-byte limit");
}

}  // namespace sockstream::codec::detail
