#pragma once

#include <compare>
#include <cstdint>

namespace sockstream {

/// A time on a track's media clock: `ticks` counted at `rate` per second.
/// Each source keeps its own clock (RTMP/FLV count milliseconds, 1000;
/// MPEG-TS and RTP video 90000; Opus and most RTP audio 48000), so times reach
/// packagers exactly as the encoder wrote them; whoever needs another clock
/// rescales, choosing how to round. Ingests unwrap their wire timestamps
/// (unwrapTicks()) before they put them on the bus: 64 bits of ticks do not wrap.
struct MediaTime {
    static constexpr std::int32_t kMillisecondRate = 1000;
    static constexpr std::int32_t kMicrosecondRate = 1'000'000;

    std::int64_t ticks = 0;
    std::int32_t rate = kMillisecondRate;  ///< ticks per second, > 0

    static constexpr MediaTime fromMilliseconds(std::int64_t milliseconds) { return {milliseconds, kMillisecondRate}; }

    /// The tick count at `toRate`, rounded down (towards earlier times), so
    /// that rescaled times keep their order and a later time never lands before an earlier one.
    constexpr std::int64_t floorAt(std::int32_t toRate) const {
        if (toRate == rate) return ticks;
        __int128 scaled = static_cast<__int128>(ticks) * toRate;
        __int128 quotient = scaled / rate;
        if (scaled % rate != 0 && scaled < 0) --quotient;
        return static_cast<std::int64_t>(quotient);
    }
    /// The tick count at `toRate`, rounded to the nearest tick (halves away from zero, as FFmpeg's av_rescale).
    constexpr std::int64_t nearestAt(std::int32_t toRate) const {
        if (toRate == rate) return ticks;
        __int128 scaled = static_cast<__int128>(ticks) * toRate;
        __int128 half = rate / 2;
        __int128 quotient = scaled >= 0 ? (scaled + half) / rate : -((-scaled + half) / rate);
        return static_cast<std::int64_t>(quotient);
    }
    constexpr std::int64_t milliseconds() const { return floorAt(kMillisecondRate); }
    constexpr std::int64_t microseconds() const { return floorAt(kMicrosecondRate); }
    /// The same instant on another clock, rounded down when it falls between ticks.
    constexpr MediaTime at(std::int32_t toRate) const { return {floorAt(toRate), toRate}; }

    /// Shifted by `delta` ticks of this clock.
    constexpr MediaTime plusTicks(std::int64_t delta) const { return {ticks + delta, rate}; }
    /// Exact comparison of instants, whatever the two clocks.
    friend constexpr std::strong_ordering operator<=>(const MediaTime& a, const MediaTime& b) {
        return static_cast<__int128>(a.ticks) * b.rate <=> static_cast<__int128>(b.ticks) * a.rate;
    }
    friend constexpr bool operator==(const MediaTime& a, const MediaTime& b) { return (a <=> b) == 0; }
};

/// Unwraps a timestamp from the wire that counts modulo 2^bits (RTMP 32-bit
/// milliseconds, MPEG-TS 33-bit 90 kHz, RTP 32-bit): the 64-bit tick count
/// nearest to `previous` (the last unwrapped value) with those low bits, so a
/// wrap-around becomes a small step forward and a reordered packet a small step back.
constexpr std::int64_t unwrapTicks(std::int64_t previous, std::uint64_t wrapped, int bits) {
    const std::uint64_t modulus = std::uint64_t{1} << bits;
    const std::uint64_t mask = modulus - 1;
    const std::int64_t delta = static_cast<std::int64_t>((wrapped - static_cast<std::uint64_t>(previous)) & mask);
    const std::int64_t half = static_cast<std::int64_t>(modulus >> 1);
    return previous + (delta >= half ? delta - static_cast<std::int64_t>(modulus) : delta);
}

}  // namespace sockstream
