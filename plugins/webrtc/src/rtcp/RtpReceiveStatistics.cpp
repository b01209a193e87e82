#include "RtpReceiveStatistics.h"

#include <algorithm>
#include <cmath>

#include "NtpTime.h"
#include "sockstream/media/MediaTime.h"

namespace sockstream::webrtc {

RtpReceiveStatistics::RtpReceiveStatistics(std::uint32_t ssrc, int clockRate) : _ssrc(ssrc), _clockRate(clockRate) {}

void RtpReceiveStatistics::onPacket(std::uint16_t sequence, std::uint32_t rtpTimestamp, Clock::time_point arrival) {
    if (!_started) {
        _started = true;
        _base = _highest = sequence;
        _firstArrival = arrival;
    } else {
        _highest = std::max(_highest, unwrapTicks(_highest, sequence, 16));
    }
    ++_received;
    // Interarrival jitter (A.8): the change in transit time, arrival measured on the RTP clock.
    const auto sinceFirst = std::chrono::duration_cast<std::chrono::microseconds>(arrival - _firstArrival).count();
    const std::int64_t arrivalTicks = sinceFirst * _clockRate / 1'000'000;
    const std::int64_t transit = arrivalTicks - static_cast<std::int64_t>(rtpTimestamp);
    if (_hasTransit) {
        // The RTP timestamp wraps modulo 2^32: so does the difference of transits.
        const auto difference = static_cast<std::int32_t>(static_cast<std::uint32_t>(transit - _lastTransit));
        _jitter += (std::fabs(static_cast<double>(difference)) - _jitter) / 16.0;
    }
    _hasTransit = true;
    _lastTransit = transit;
}

void RtpReceiveStatistics::onSenderReport(const SenderReport& report, Clock::time_point arrival) {
    _lastSenderReport = compactNtp(report.ntpTime);
    _lastSenderReportArrival = arrival;
}

std::optional<ReportBlock> RtpReceiveStatistics::reportBlock(Clock::time_point now) {
    if (!_started) return std::nullopt;
    ReportBlock block;
    block.ssrc = _ssrc;
    const std::int64_t expected = _highest - _base + 1;
    // Duplicates can make the count negative; the field holds 24 signed bits.
    const std::int64_t lost = expected - static_cast<std::int64_t>(_received);
    block.cumulativeLost = static_cast<std::int32_t>(std::clamp<std::int64_t>(lost, -0x800000, 0x7FFFFF));
    const std::int64_t expectedInterval = expected - _expectedPrior;
    const std::int64_t receivedInterval = static_cast<std::int64_t>(_received - _receivedPrior);
    const std::int64_t lostInterval = expectedInterval - receivedInterval;
    _expectedPrior = expected;
    _receivedPrior = _received;
    block.fractionLost = (expectedInterval <= 0 || lostInterval <= 0)
                             ? 0
                             : static_cast<std::uint8_t>(std::min<std::int64_t>((lostInterval << 8) / expectedInterval, 255));
    block.highestSequence = static_cast<std::uint32_t>(_highest);  // cycles in the high 16 bits
    block.jitter = static_cast<std::uint32_t>(_jitter);
    if (_lastSenderReport != 0) {
        block.lastSenderReport = _lastSenderReport;
        const auto held = std::chrono::duration_cast<std::chrono::microseconds>(now - _lastSenderReportArrival).count();
        block.delaySinceLastSenderReport = static_cast<std::uint32_t>(std::max<std::int64_t>(held, 0) * 65536 / 1'000'000);
    }
    return block;
}

}  // namespace sockstream::webrtc
