#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "H264Packetizer.h"  // RtpStreamParameters
#include "sockstream/media/MediaTime.h"

namespace sockstream::webrtc {

/// RFC 7587 packetization of one Opus track, once per stream for every
/// viewer: one Opus packet per RTP packet, timestamps on the 48 kHz clock from
/// a caller-chosen random base, and the marker bit on the first packet of a
/// talkspurt, i.e. the first packet and the first after a gap (RFC 3551 4.1;
/// a gap is a timestamp later than the previous packet's end). Not thread-safe.
class OpusPacketizer {
public:
    explicit OpusPacketizer(RtpStreamParameters parameters);

    /// The RTP packet for one Opus packet whose first sample is at `pts` (any
    /// clock; rounded down to 48 kHz). Throws WebRtcError for an empty or
    /// malformed Opus packet or one over the payload size; nothing is sent then.
    std::string packetize(std::string_view opusPacket, MediaTime pts);

    std::uint16_t nextSequence() const { return _sequence; }
    /// The RTP timestamp of a time on this track, for sender reports.
    std::uint32_t rtpTimestamp(MediaTime time) const;

private:
    RtpStreamParameters _parameters;
    std::uint16_t _sequence;
    std::optional<std::int64_t> _expectedNext;  ///< 48 kHz ticks where the last packet ended
};

}  // namespace sockstream::webrtc
