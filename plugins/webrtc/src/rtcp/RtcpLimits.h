#pragma once

#include <cstddef>

namespace sockstream::webrtc {

/// Bounds on RTCP from the network. A compound packet arrives in one datagram
/// (a browser keeps it under its 1200-byte MTU), so 1500 bytes is generous;
/// the packet and sequence caps keep a hostile datagram from costing more than
/// a real one.
struct RtcpLimits {
    static constexpr std::size_t maxCompoundSize = 1500;
    static constexpr std::size_t maxPacketsPerCompound = 32;
    /// NACKed sequence numbers taken from one compound; the rest are dropped
    /// (a receiver that lost more than this asks for a keyframe anyway).
    static constexpr std::size_t maxNackedSequences = 512;
};

}  // namespace sockstream::webrtc
