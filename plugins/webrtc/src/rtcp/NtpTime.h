#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "RtcpPackets.h"

namespace sockstream::webrtc {

/// NTP 32.32 fixed-point time (seconds since 1900-01-01) for sender reports.
inline std::uint64_t ntpTime(std::chrono::system_clock::time_point when) {
    constexpr std::uint64_t kUnixToNtpSeconds = 2'208'988'800ULL;
    const auto sinceEpoch = std::chrono::duration_cast<std::chrono::nanoseconds>(when.time_since_epoch()).count();
    const std::uint64_t seconds = static_cast<std::uint64_t>(sinceEpoch / 1'000'000'000) + kUnixToNtpSeconds;
    const std::uint64_t nanos = static_cast<std::uint64_t>(sinceEpoch % 1'000'000'000);
    return (seconds << 32) | ((nanos << 32) / 1'000'000'000);
}

/// The middle 32 bits (16.16 seconds) that report blocks echo as LSR.
inline std::uint32_t compactNtp(std::uint64_t ntp) { return static_cast<std::uint32_t>(ntp >> 16); }

/// Round-trip time from a receiver's report block (RFC 3550 6.4.1): arrival
/// time minus the echoed SR time minus the receiver's delay. nullopt when the
/// receiver has not yet seen a sender report or the figures do not add up
/// (clock errors, a forged block).
inline std::optional<std::chrono::microseconds> roundTrip(const ReportBlock& block, std::uint32_t arrivalCompactNtp) {
    if (block.lastSenderReport == 0) return std::nullopt;
    const std::uint32_t elapsed = arrivalCompactNtp - block.lastSenderReport;  // modulo 2^32, as the RFC does
    if (block.delaySinceLastSenderReport > elapsed) return std::nullopt;
    const std::uint64_t units = elapsed - block.delaySinceLastSenderReport;  // 1/65536 s
    if (units > 60u * 65536u) return std::nullopt;  // a minute: no real path, a stale or forged block
    return std::chrono::microseconds(static_cast<std::int64_t>(units * 1'000'000 / 65536));
}

}  // namespace sockstream::webrtc
