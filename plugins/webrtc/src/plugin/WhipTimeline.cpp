#include "WhipTimeline.h"

#include "sockstream/media/MediaTime.h"

namespace sockstream::webrtc {

namespace {
/// Ticks at `rate` in `micros` microseconds, rounded down.
std::int64_t ticksOf(std::int64_t micros, std::int32_t rate) { return MediaTime{micros, MediaTime::kMicrosecondRate}.floorAt(rate); }

/// The signed difference a - b of two NTP 32.32 times, in ticks at `rate`.
std::int64_t ntpDifference(std::uint64_t a, std::uint64_t b, std::int32_t rate) {
    const auto difference = static_cast<__int128>(static_cast<std::int64_t>(a - b));
    return static_cast<std::int64_t>(difference * rate / (static_cast<__int128>(1) << 32));
}
}  // namespace

std::int64_t WhipTimeline::map(Track track, std::uint32_t rtpTimestamp, Clock::time_point arrival) {
    State& state = _tracks[track];
    const std::int32_t rate = clockRate(track);
    if (!state.started) {
        state.started = true;
        state.first = state.last = rtpTimestamp;
        if (!_anyStarted) {
            _anyStarted = true;
            _firstArrival = arrival;
        }
        const auto since = std::chrono::duration_cast<std::chrono::microseconds>(arrival - _firstArrival).count();
        state.anchor = ticksOf(_startMicros + since, rate);
        return state.anchor;
    }
    state.last = unwrapTicks(state.last, rtpTimestamp, 32);
    return state.anchor + (state.last - state.first);
}

void WhipTimeline::onSenderReport(Track track, std::uint64_t ntpTime, std::uint32_t rtpTimestamp) {
    State& state = _tracks[track];
    if (!state.started) return;  // nothing to place it against yet
    state.hasReport = true;
    state.reportRtp = unwrapTicks(state.last, rtpTimestamp, 32);
    state.reportNtp = ntpTime;
    if (!_aligned && _tracks[Video].hasReport && _tracks[Audio].hasReport) align();
}

void WhipTimeline::align() {
    _aligned = true;
    const State& video = _tracks[Video];
    State& audio = _tracks[Audio];
    // Where the video's timeline is at the instant of the audio's report...
    const std::int64_t videoRtpThen = video.reportRtp + ntpDifference(audio.reportNtp, video.reportNtp, clockRate(Video));
    const std::int64_t videoBus = video.anchor + (videoRtpThen - video.first);
    const std::int64_t wanted = MediaTime{videoBus, clockRate(Video)}.nearestAt(clockRate(Audio));
    // ...is where the audio sampled then belongs.
    const std::int64_t actual = audio.anchor + (audio.reportRtp - audio.first);
    audio.anchor += wanted - actual;
}

}  // namespace sockstream::webrtc
