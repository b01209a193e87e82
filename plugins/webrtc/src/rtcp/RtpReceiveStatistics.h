#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "RtcpPackets.h"

namespace sockstream::webrtc {

/// What we received of one source (a WHIP publisher's track), for the report
/// block of the receiver reports we send it (RFC 3550 6.4.1, appendix A.3 and
/// A.8): the extended highest sequence number, cumulative and interval loss,
/// interarrival jitter, and the LSR/DLSR echo that lets the publisher measure
/// the round trip. Without reports a publisher's congestion control has
/// nothing to go on. Not thread-safe.
class RtpReceiveStatistics {
public:
    using Clock = std::chrono::steady_clock;

    /// `clockRate`: the track's RTP clock (90000 video, 48000 Opus).
    RtpReceiveStatistics(std::uint32_t ssrc, int clockRate);

    void onPacket(std::uint16_t sequence, std::uint32_t rtpTimestamp, Clock::time_point arrival);
    void onSenderReport(const SenderReport& report, Clock::time_point arrival);

    /// The block for a report sent `now`; the fraction lost covers the time
    /// since the previous call. nullopt before the first packet.
    std::optional<ReportBlock> reportBlock(Clock::time_point now);

    std::uint64_t packetsReceived() const { return _received; }

private:
    std::uint32_t _ssrc;
    int _clockRate;
    bool _started = false;
    std::int64_t _base = 0;     ///< extended sequence number of the first packet
    std::int64_t _highest = 0;  ///< extended highest sequence number
    std::uint64_t _received = 0;
    std::int64_t _expectedPrior = 0;
    std::uint64_t _receivedPrior = 0;
    Clock::time_point _firstArrival;
    bool _hasTransit = false;
    std::int64_t _lastTransit = 0;
    double _jitter = 0;  ///< in RTP timestamp units
    std::uint32_t _lastSenderReport = 0;
    Clock::time_point _lastSenderReportArrival;
};

}  // namespace sockstream::webrtc
