#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sockstream::rtmp {

/// Appends big-endian fields to a byte string.
class ByteWriter {
public:
    explicit ByteWriter(std::string& out) : _out(out) {}

    void u8(std::uint32_t v) { _out.push_back(static_cast<char>(v & 0xFF)); }
    void u16(std::uint32_t v) { u8(v >> 8); u8(v); }
    void u24(std::uint32_t v) { u8(v >> 16); u8(v >> 8); u8(v); }
    void u32(std::uint32_t v) { u8(v >> 24); u8(v >> 16); u8(v >> 8); u8(v); }
    void u32le(std::uint32_t v) { u8(v); u8(v >> 8); u8(v >> 16); u8(v >> 24); }
    void f64(double value) {
        std::uint64_t bits;
        std::memcpy(&bits, &value, sizeof bits);
        for (int shift = 56; shift >= 0; shift -= 8) u8(static_cast<std::uint32_t>(bits >> shift));
    }
    void bytes(std::string_view data) { _out.append(data); }

private:
    std::string& _out;
};

}  // namespace sockstream::rtmp
