#pragma once

#include <cstdint>
#include <string>

namespace sockstream::rtmp {

/// RTMP message type ids (RTMP 1.0 spec, sections 5.4, 6 and 7).
namespace MessageType {
inline constexpr std::uint8_t SetChunkSize = 1;
inline constexpr std::uint8_t Abort = 2;
inline constexpr std::uint8_t Acknowledgement = 3;
inline constexpr std::uint8_t UserControl = 4;
inline constexpr std::uint8_t WindowAckSize = 5;
inline constexpr std::uint8_t SetPeerBandwidth = 6;
inline constexpr std::uint8_t Audio = 8;
inline constexpr std::uint8_t Video = 9;
inline constexpr std::uint8_t Amf3Data = 15;
inline constexpr std::uint8_t Amf3Command = 17;
inline constexpr std::uint8_t Amf0Data = 18;
inline constexpr std::uint8_t Amf0Command = 20;
inline constexpr std::uint8_t Aggregate = 22;
}  // namespace MessageType

/// One reassembled message. The timestamp is the 32-bit RTMP clock in ms.
struct RtmpMessage {
    std::uint32_t chunkStreamId = 0;
    std::uint8_t type = 0;
    std::uint32_t streamId = 0;
    std::uint32_t timestamp = 0;
    std::string payload;
};

}  // namespace sockstream::rtmp
