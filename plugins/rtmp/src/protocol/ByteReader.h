#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "RtmpError.h"

namespace sockstream::rtmp {

/// Bounds-checked big-endian reads over a byte range; running past the end
/// throws RtmpError naming what was being read.
class ByteReader {
public:
    ByteReader(const std::uint8_t* data, std::size_t size) : _data(data), _size(size) {}
    explicit ByteReader(std::string_view bytes)
        : ByteReader(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) {}

    std::size_t remaining() const { return _size - _offset; }
    std::size_t offset() const { return _offset; }
    bool atEnd() const { return _offset == _size; }
    const std::uint8_t* current() const { return _data + _offset; }

    std::uint8_t u8(const char* what) { require(1, what); return _data[_offset++]; }
    std::uint16_t u16(const char* what) { return static_cast<std::uint16_t>(uint(2, what)); }
    std::uint32_t u24(const char* what) { return static_cast<std::uint32_t>(uint(3, what)); }
    std::uint32_t u32(const char* what) { return static_cast<std::uint32_t>(uint(4, what)); }
    std::int32_t s24(const char* what) {
        std::uint32_t v = u24(what);
        return (v & 0x800000u) ? static_cast<std::int32_t>(v | 0xFF000000u) : static_cast<std::int32_t>(v);
    }
    std::uint32_t u32le(const char* what) {
        require(4, what);
        std::uint32_t v = _data[_offset] | (_data[_offset + 1] << 8) | (_data[_offset + 2] << 16) |
                          (static_cast<std::uint32_t>(_data[_offset + 3]) << 24);
        _offset += 4;
        return v;
    }
    double f64(const char* what) {
        std::uint64_t bits = uint(8, what);
        double value;
        std::memcpy(&value, &bits, sizeof value);
        return value;
    }
    std::string bytes(std::size_t count, const char* what) {
        require(count, what);
        std::string out(reinterpret_cast<const char*>(_data + _offset), count);
        _offset += count;
        return out;
    }
    void skip(std::size_t count, const char* what) { require(count, what); _offset += count; }

private:
    void require(std::size_t count, const char* what) const {
        if (count > remaining()) throw RtmpError(std::string("truncated ") + what);
    }
    std::uint64_t uint(std::size_t count, const char* what) {
        require(count, what);
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < count; ++i) v = (v << 8) | _data[_offset + i];
        _offset += count;
        return v;
    }

    const std::uint8_t* _data;
    std::size_t _size;
    std::size_t _offset = 0;
};

}  // namespace sockstream::rtmp
