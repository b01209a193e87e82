#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockstream::webrtc {

struct RtpPacket;

/// One H.264 access unit from RTP, as the media bus carries it: NAL units
/// with 4-byte length prefixes.
struct H264AccessUnit {
    std::string data;
    std::uint32_t rtpTimestamp = 0;  ///< 90 kHz, as sent (the caller unwraps it)
    bool keyframe = false;           ///< holds an IDR slice
};

/// RFC 6184 receiver for WHIP ingest (packetization modes 0 and 1): single NAL
/// unit packets, STAP-A and FU-A back into access units, which end at the
/// marker bit or when the timestamp changes. Packets are put back in order
/// within a bounded reorder window; a sequence number missing for longer, or a
/// malformed packet, loses the access unit, and every access unit is then
/// dropped until the next IDR (decoding from a broken reference would show
/// grey or green frames), while wantsKeyframe() tells the caller to send a PLI.
/// STAP-B, MTAP and FU-B (interleaved mode) are refused. Not thread-safe.
class H264Depacketizer {
public:
    struct Limits {
        std::size_t maxAccessUnitSize = 4 * 1024 * 1024;
        std::size_t maxNalUnits = 1024;  ///< per access unit
        std::size_t reorderWindow = 64;  ///< packets held while a sequence number is missing
    };

    H264Depacketizer();
    explicit H264Depacketizer(Limits limits);

    /// One packet of the track (its payload type and SSRC already checked).
    /// Returns the access units it completed, in order.
    std::vector<H264AccessUnit> push(const RtpPacket& packet);

    /// Sequence numbers missing between the next expected and the newest held,
    /// oldest first (at most the window): what to ask for in a generic NACK.
    std::vector<std::uint16_t> missingSequences() const;

    /// Stops waiting for the missing packets (call it when they have been
    /// missing too long, e.g. a round trip after the NACK): they count as lost
    /// and the access units after them come out, from the next IDR on.
    std::vector<H264AccessUnit> skipMissing();

    /// True from the start and after a loss until an IDR access unit came through.
    bool wantsKeyframe() const { return _waitingForKeyframe; }
    /// The latest SPS and PPS seen in-band, for an avcC record (see avcDecoderConfig()).
    const std::string& sequenceParameterSet() const { return _sps; }
    const std::string& pictureParameterSet() const { return _pps; }
    /// Access units dropped (lost, malformed, over a limit, or waiting for an IDR).
    std::size_t droppedAccessUnits() const { return _dropped; }

private:
    struct Held {
        bool used = false;
        std::int64_t sequence = 0;
        bool marker = false;
        std::uint32_t timestamp = 0;
        std::string payload;
    };
    void accept(const Held& packet, std::vector<H264AccessUnit>& out);
    void lose(std::vector<H264AccessUnit>& out);
    void finish(std::vector<H264AccessUnit>& out);
    bool addNalUnit(std::string_view unit);
    bool readPayload(std::string_view payload);

    Limits _limits;
    std::vector<Held> _window;  ///< by extended sequence modulo the window size
    bool _started = false;
    std::int64_t _next = 0;     ///< extended sequence number expected next
    std::int64_t _newest = 0;   ///< highest extended sequence number held or taken
    // The access unit being assembled.
    std::string _unit;
    std::size_t _nalUnits = 0;
    bool _hasTimestamp = false;
    std::uint32_t _timestamp = 0;
    bool _keyframe = false;
    bool _broken = false;
    std::string _fragment;  ///< FU-A in progress (NAL header + data)
    bool _waitingForKeyframe = true;
    std::size_t _dropped = 0;
    std::string _sps;
    std::string _pps;
};

/// An avcC record (ISO/IEC 14496-15 5.3.3) with one SPS and one PPS and 4-byte
/// lengths, for TrackInfo::codecConfig of a WHIP-published track. nullopt if
/// the SPS is shorter than its 4 header bytes or either is empty or over 65535 bytes.
std::optional<std::string> avcDecoderConfig(std::string_view sps, std::string_view pps);

}  // namespace sockstream::webrtc
