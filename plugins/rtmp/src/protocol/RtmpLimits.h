#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace sockstream::rtmp {

/// Every bound the protocol code enforces on untrusted input. Defaults follow
/// issue 6; all of them are configurable through the plugin config.
struct RtmpLimits {
    std::chrono::milliseconds handshakeTimeout{10'000};
    std::uint32_t minChunkSize = 128;
    std::uint32_t maxChunkSize = 65'536;
    std::uint32_t maxMessageSize = 10u << 20;
    std::size_t maxChunkStreams = 32;
    /// Bytes of unfinished messages held across all chunk streams of a connection.
    std::size_t maxPartialBytes = 16u << 20;
    std::size_t maxAmfDepth = 16;
    /// Values one command or data message may decode to.
    std::size_t maxAmfValues = 4096;
    std::size_t maxStreamNameLength = 256;
    /// Streams a client may create with createStream on one connection.
    std::size_t maxStreams = 8;
    /// Chunk size we send with (announced with Set Chunk Size).
    std::uint32_t outChunkSize = 4096;
    /// Window Acknowledgement Size we announce and the peer bandwidth we set.
    std::uint32_t windowAckSize = 2'500'000;
    /// Media time to wait for the sequence headers of the tracks onMetaData
    /// announced before the bus stream opens anyway.
    std::int64_t openWaitMs = 1'000;
    /// Media buffered while waiting for sequence headers; more opens the stream.
    std::size_t maxPendingMediaBytes = 4u << 20;
    /// Input held while the stream key is being checked.
    std::size_t maxSuspendedInputBytes = 1u << 20;
};

}  // namespace sockstream::rtmp
