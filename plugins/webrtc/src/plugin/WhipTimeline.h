#pragma once

#include <array>
#include <chrono>
#include <cstdint>

namespace sockstream::webrtc {

/// Puts a WHIP publisher's two RTP clocks (video 90 kHz, Opus 48 kHz, each
/// starting at a random value) onto one media-bus timeline. Until the
/// publisher's sender reports arrive, a track starts at the wall time its first
/// packet arrived after the first packet of the broadcast; from then on it
/// follows its own RTP timestamps (unwrapped), so network jitter never reaches
/// the timestamps. Once both tracks have a sender report, the audio is moved
/// once (by however much the arrival guess was off; video stays put, so the
/// picture's timeline never jumps) to where the reports say it belongs against
/// the video: lip sync from the encoder's clock, not from arrival times.
/// Not thread-safe.
class WhipTimeline {
public:
    enum Track { Video = 0, Audio = 1 };
    using Clock = std::chrono::steady_clock;

    static constexpr std::int32_t clockRate(Track track) { return track == Video ? 90000 : 48000; }

    /// `startMicros`: where on the bus the broadcast's first packet goes (0 for
    /// a new broadcast; after where it stopped for a resumed one).
    explicit WhipTimeline(std::int64_t startMicros) : _startMicros(startMicros) {}

    /// The bus time of a packet, in ticks of the track's clock.
    std::int64_t map(Track track, std::uint32_t rtpTimestamp, Clock::time_point arrival);
    /// A sender report of the track: `ntpTime` (32.32) is the instant `rtpTimestamp` was sampled.
    void onSenderReport(Track track, std::uint64_t ntpTime, std::uint32_t rtpTimestamp);
    /// Whether the audio was lined up with the video from sender reports.
    bool aligned() const { return _aligned; }

private:
    struct State {
        bool started = false;
        std::int64_t last = 0;     ///< the last unwrapped RTP timestamp
        std::int64_t first = 0;    ///< the first one
        std::int64_t anchor = 0;   ///< bus ticks of `first`
        bool hasReport = false;
        std::int64_t reportRtp = 0;  ///< unwrapped
        std::uint64_t reportNtp = 0;
    };
    void align();

    std::int64_t _startMicros;
    bool _anyStarted = false;
    Clock::time_point _firstArrival{};
    bool _aligned = false;
    std::array<State, 2> _tracks{};
};

}  // namespace sockstream::webrtc
