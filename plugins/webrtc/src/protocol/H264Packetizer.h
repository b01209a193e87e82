#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "AvcNalUnits.h"
#include "sockstream/media/MediaTime.h"

namespace sockstream::webrtc {

struct RtpStreamParameters {
    std::uint8_t payloadType = 0;
    std::uint32_t ssrc = 0;
    std::uint16_t firstSequence = 0;   ///< random per RFC 3550, chosen by the caller
    std::uint32_t timestampBase = 0;   ///< random per RFC 3550, chosen by the caller
    std::size_t maxPayloadSize = 1200; ///< RTP payload bytes, leaving room for SRTP and UDP/IP in a 1280-byte path
};

/// RFC 6184 packetization (mode 1) of one H.264 track, once per stream for
/// every viewer: single NAL unit packets, FU-A above the payload size, and a
/// STAP-A with the SPS and PPS opening every IDR access unit so a viewer who joins at any
/// keyframe, or lost the last one, can decode. Not thread-safe.
class H264Packetizer {
public:
    explicit H264Packetizer(RtpStreamParameters parameters);

    /// The stream's avcC record (TrackInfo::codecConfig). Throws WebRtcError if malformed.
    void setDecoderConfig(std::string_view avcc);

    /// RTP packets for one access unit (length-prefixed NAL units, as the media
    /// bus carries them) presented at `pts` (any clock: a 90 kHz source keeps
    /// its exact ticks, others are rounded down to 90 kHz). The marker bit is set on the
    /// last. Throws WebRtcError for a malformed access unit; nothing is sent then.
    std::vector<std::string> packetize(std::string_view accessUnit, MediaTime pts);

    std::uint16_t nextSequence() const { return _sequence; }

private:
    void emit(std::vector<std::string>& out, std::string_view payload, std::uint32_t timestamp);
    void emitNalUnit(std::vector<std::string>& out, std::string_view unit, std::uint32_t timestamp);
    void emitParameterSets(std::vector<std::string>& out, std::uint32_t timestamp);

    RtpStreamParameters _parameters;
    AvcParameterSets _sets;
    std::uint16_t _sequence;
};

}  // namespace sockstream::webrtc
