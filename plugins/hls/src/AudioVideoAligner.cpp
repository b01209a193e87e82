#include "AudioVideoAligner.h"

#include <algorithm>

namespace sockstream::hls {

namespace {

/// A bound on what waits whatever the timestamps say (a few seconds of a busy stream).
constexpr std::size_t kMaxWaiting = 4096;

std::int64_t msBetween(const MediaTime& from, const MediaTime& to) { return to.milliseconds() - from.milliseconds(); }

}  // namespace

AudioVideoAligner::AudioVideoAligner(std::int64_t maxWaitMs, std::int64_t timestampJumpMs)
    : _maxWaitMs(maxWaitMs), _jumpMs(timestampJumpMs) {}

void AudioVideoAligner::reset(int leadVideoTrack) {
    _lead = leadVideoTrack;
    _video.clear();
    _others.clear();
    _newestOther.clear();
    _newestVideoDts.reset();
    _maxPts.reset();
    _lastDts.reset();
    _lastStepTicks = 0;
}

bool AudioVideoAligner::jumps(const MediaTime& from, const MediaTime& to) const {
    return to < from || msBetween(from, to) > _jumpMs;
}

void AudioVideoAligner::push(const MediaPacket& packet, const Emit& emit) {
    if (_lead < 0) {
        emit(packet);
        return;
    }
    if (packet.trackId == _lead) {
        _video.push_back(packet);
        _newestVideoDts = packet.dts;
    } else {
        std::optional<MediaTime> predecessor;
        auto newest = _newestOther.find(packet.trackId);
        if (newest != _newestOther.end() && !jumps(newest->second, packet.dts)) predecessor = newest->second;
        _newestOther[packet.trackId] = packet.dts;
        _others.push_back(Other{packet, predecessor});
    }
    pump(emit);
}

void AudioVideoAligner::drain(const Emit& emit) {
    pump(emit);
    while (!_video.empty() || !_others.empty()) {
        // Nothing more will arrive: what waits goes in decode order.
        if (!_others.empty() && (_video.empty() || _others.front().packet.dts <= _video.front().dts)) {
            MediaPacket other = std::move(_others.front().packet);
            _others.pop_front();
            emit(other);
        } else {
            MediaPacket video = std::move(_video.front());
            _video.pop_front();
            passVideo(video, emit);
        }
        pump(emit);
    }
}

void AudioVideoAligner::pump(const Emit& emit) {
    for (;;) {
        // Audio that belongs before the next cut goes first.
        if (!_others.empty() && (otherMayPass(_others.front()) || waiting() > kMaxWaiting)) {
            MediaPacket other = std::move(_others.front().packet);
            _others.pop_front();
            emit(other);
            continue;
        }
        if (!_video.empty() && (videoMayPass(_video.front()) || waiting() > kMaxWaiting)) {
            MediaPacket video = std::move(_video.front());
            _video.pop_front();
            passVideo(video, emit);
            continue;
        }
        return;
    }
}

std::optional<MediaTime> AudioVideoAligner::presentationEnd() const {
    if (!_maxPts) return std::nullopt;
    // The frame shown last lasts about as long as the step between frames.
    return _maxPts->plusTicks(_lastStepTicks + MediaTime::fromMilliseconds(kMarginMs).floorAt(_maxPts->rate));
}

bool AudioVideoAligner::cuttable(const MediaPacket& video) const {
    // The Segmenter's rule: a part may start with a keyframe or a frame shown after every earlier one.
    return video.keyframe || !_maxPts || video.pts > *_maxPts;
}

bool AudioVideoAligner::videoMayPass(const MediaPacket& video) const {
    if (!cuttable(video)) return true;  // no cut can come before it
    auto end = presentationEnd();
    if (!end || (_lastDts && jumps(*_lastDts, video.dts))) return true;
    if (msBetween(video.dts, *_newestVideoDts) > _maxWaitMs) return true;  // the audio is late: give up on it
    for (const auto& [track, newest] : _newestOther) {
        bool silent = msBetween(newest, video.dts) > _maxWaitMs;
        if (!silent && newest < *end) return false;  // audio overlapping the video before this frame may still come
    }
    return true;
}

bool AudioVideoAligner::otherMayPass(const Other& other) const {
    auto end = presentationEnd();
    if (!other.predecessorDts || !end || *other.predecessorDts < *end) return true;
    // Its predecessor starts after the video so far: it waits for the next cut, unless the video is silent or far off.
    const MediaTime& newest = _newestOther.at(other.packet.trackId);
    return msBetween(other.packet.dts, newest) > _maxWaitMs || msBetween(*end, *other.predecessorDts) > _jumpMs;
}

void AudioVideoAligner::passVideo(const MediaPacket& video, const Emit& emit) {
    if (_lastDts && _maxPts && !jumps(*_lastDts, video.dts)) {
        _lastStepTicks = video.dts.ticks - _lastDts->floorAt(video.dts.rate);
        _maxPts = std::max(*_maxPts, video.pts);
    } else {
        _maxPts = video.pts;
        _lastStepTicks = 0;
    }
    _lastDts = video.dts;
    emit(video);
}

}  // namespace sockstream::hls
