#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace sockstream::core {

/// The header of one unmasked, unfragmented server frame (RFC 6455 5.2): FIN
/// plus opcode, then a 7-, 16- or 64-bit payload length. Servers never mask.
struct WebSocketFrameHeader {
    static constexpr std::uint8_t textOpcode = 0x1;
    static constexpr std::uint8_t binaryOpcode = 0x2;

    static WebSocketFrameHeader make(std::uint8_t opcode, std::size_t payloadSize);

    std::array<unsigned char, 10> bytes{};
    std::uint8_t size = 0;
};

}  // namespace sockstream::core
