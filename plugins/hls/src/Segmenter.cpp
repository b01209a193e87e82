#include "Segmenter.h"

#include <algorithm>
#include <stdexcept>

namespace sockstream::hls {

namespace {

bool sameCarriage(const std::vector<TrackInfo>& a, const std::vector<TrackInfo>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].id != b[i].id || a[i].codec != b[i].codec || a[i].codecConfig != b[i].codecConfig) return false;
    return true;
}

bool needsConfig(Codec codec) {
    return codec == Codec::H264 || codec == Codec::HEVC || codec == Codec::AAC;
}

std::string describeCodec(Codec codec) {
    switch (codec) {
        case Codec::H264: return "H.264";
        case Codec::HEVC: return "HEVC";
        case Codec::AV1: return "AV1";
        case Codec::AAC: return "AAC";
        case Codec::MP3: return "MP3";
        case Codec::Opus: return "Opus";
        default: return "unknown";
    }
}

}  // namespace

std::int64_t segmentCeilingMs(const SegmenterSettings& settings) {
    if (settings.maxSegmentMs > 0) return std::max(settings.maxSegmentMs, settings.targetDurationMs);
    std::int64_t wholeSeconds = (settings.targetDurationMs + 999) / 1000 * 1000;
    return settings.lowLatency ? wholeSeconds : 4 * wholeSeconds;
}

namespace {

/// How long a video frame waits for the audio that belongs before it (or
/// audio for the video), in media time, before the other track counts as
/// silent or far off. With an interleaved ingest the wait is the B-frame
/// delay plus one audio frame (about 0.1 s); an encoder whose audio arrives
/// a little behind its video still gets aligned parts.
constexpr std::int64_t kAlignmentWaitMs = 1000;

}  // namespace

Segmenter::Segmenter(SegmenterSettings settings, Publish publish, Warn warn)
    : _settings(settings),
      _ceilingMs(segmentCeilingMs(settings)),
      _publish(std::move(publish)),
      _warn(std::move(warn)),
      _aligner(kAlignmentWaitMs, settings.timestampJumpMs) {}

Container Segmenter::chooseContainer(const SegmenterSettings& settings, const std::vector<TrackInfo>& tracks) {
    if (settings.forcedContainer) return *settings.forcedContainer;
    if (settings.lowLatency) return Container::Fmp4;
    for (const auto& track : tracks)
        if (track.codec == Codec::HEVC || track.codec == Codec::AV1) return Container::Fmp4;
    return Container::MpegTs;
}

void Segmenter::setTracks(const std::vector<TrackInfo>& tracks) {
    if (!_containerChosen) {
        _container = chooseContainer(_settings, tracks);
        _containerChosen = true;
    }
    std::vector<TrackInfo> carried;
    std::string dropped;
    for (const auto& track : tracks) {
        bool carriable = MemoryMuxer::canCarry(_container, track.codec);
        if (carriable && needsConfig(track.codec) && track.codecConfig.empty()) continue;  // sequence header still to come
        if (carriable) carried.push_back(track);
        else dropped += (dropped.empty() ? "" : ", ") + describeCodec(track.codec);
    }
    std::stable_sort(carried.begin(), carried.end(),
                     [](const TrackInfo& a, const TrackInfo& b) { return a.kind == MediaKind::Video && b.kind != MediaKind::Video; });
    if (!dropped.empty()) _warn("tracks HLS cannot carry are left out: " + dropped);
    _refusal = carried.empty() ? "no track HLS can carry yet" + (dropped.empty() ? std::string() : " (got " + dropped + ")")
                               : std::string();
    if (sameCarriage(carried, _carried)) {
        _carried = carried;  // metadata such as dimensions may have changed
        return;
    }
    if (_timelineActive || !_held.empty() || _aligner.waiting() > 0) flush();
    _carried = std::move(carried);
    _leadTrack = _carried.empty() ? -1 : _carried.front().id;
    _aligner.reset(!_carried.empty() && _carried.front().kind == MediaKind::Video ? _leadTrack : -1);
    _lastLeadDts = INT64_MIN / 2;
    _firstSeenDts.reset();
}

bool Segmenter::leadSilent(std::int64_t dts) const {
    std::int64_t reference = _lastLeadDts > INT64_MIN / 2 ? _lastLeadDts : _firstSeenDts.value_or(dts);
    return dts - reference > 2 * _settings.targetDurationMs;
}

void Segmenter::push(const MediaPacket& incoming) {
    bool carried = std::any_of(_carried.begin(), _carried.end(), [&](const TrackInfo& t) { return t.id == incoming.trackId; });
    if (!carried || !incoming.data) return;
    _aligner.push(incoming, [this](const MediaPacket& packet) { pushAligned(packet); });
}

void Segmenter::pushAligned(const MediaPacket& incoming) {
    const TrackInfo* track = nullptr;
    for (const auto& candidate : _carried)
        if (candidate.id == incoming.trackId) track = &candidate;
    if (!track) return;
    if (!_firstSeenDts) _firstSeenDts = ms(incoming.dts);

    MediaPacket packet = incoming;
    auto held = _held.find(packet.trackId);
    if (held != _held.end()) {
        const MediaPacket& previous = held->second.packet;
        std::int64_t gapMs = ms(packet.dts) - ms(previous.dts);
        // A decode time a millisecond or so behind the previous one is rounding,
        // not a new timeline: GStreamer's flvmux shifts decode times for x264's
        // B-frames and rounds them to FLV milliseconds (seen: 1 ms back at
        // 3.05 s, which used to start a discontinuity and a new init section).
        bool jitter = packet.dts < previous.dts && -gapMs <= kDecodeJitterMs;
        if ((packet.dts < previous.dts && !jitter) || gapMs > _settings.timestampJumpMs) {
            _warn("timestamp jump of " + std::to_string(gapMs) + " ms on track " + std::to_string(packet.trackId) +
                  ": starting a new timeline");
            endTimeline();
        } else {
            std::int64_t gap = packet.dts.floorAt(previous.dts.rate) - previous.dts.ticks;  // on the track's clock
            if (gap <= 0) {  // muxers need strictly increasing decode times
                packet.dts = previous.dts.plusTicks(1);
                packet.pts = std::max(packet.pts, packet.dts);
                gap = 1;
            }
            release(previous, gap, held->second.cuttable);
            held->second.lastDurationTicks = gap;
            if (isLead(packet)) cutBefore(packet, ms(packet.dts) - ms(previous.dts));
        }
    }
    bool canCut = cuttable(packet);
    if (isLead(packet)) {
        if (canCut) {
            if (_lastCuttableDts > INT64_MIN / 2) _cuttableSpacingMs = ms(packet.dts) - _lastCuttableDts;
            _lastCuttableDts = ms(packet.dts);
        }
        _maxLeadPts = std::max(_maxLeadPts, packet.pts);
    }
    auto& slot = _held[packet.trackId];
    slot.packet = packet;
    slot.cuttable = canCut;

    if (packet.trackId == _leadTrack && track->kind == MediaKind::Video && packet.keyframe)
        _latestKeyframe = Keyframe{*track, packet.data, packet.receivedAt};
}

bool Segmenter::cuttable(const MediaPacket& packet) const {
    if (!isLead(packet) || _carried.empty() || _carried.front().kind != MediaKind::Video) return true;
    return packet.keyframe || packet.pts > _maxLeadPts;
}

void Segmenter::release(const MediaPacket& packet, std::int64_t durationTicks, bool canCut) {
    const std::int64_t dts = ms(packet.dts);
    const std::int64_t endDts = ms(packet.dts.plusTicks(durationTicks));
    const std::int64_t durationMs = endDts - dts;
    bool lead = isLead(packet);
    bool leadIsAudio = !_carried.empty() && _carried.front().kind == MediaKind::Audio;
    bool silent = !lead && leadSilent(dts);
    bool syncPoint = lead ? (packet.keyframe || leadIsAudio) : silent;
    bool independent = lead && (packet.keyframe || leadIsAudio);
    if (lead) _lastLeadDts = dts;

    if (!_timelineActive) {
        if (!syncPoint) return;  // a timeline starts with a keyframe
        startTimeline();
        startSegment(packet, independent);
    } else {
        std::int64_t elapsed = dts - _segmentStartDts;
        bool due = lead ? canCut && segmentDue(dts, syncPoint, durationMs)
                        : syncPoint && elapsed >= _settings.targetDurationMs;
        // Audio while the video is silent: the ceiling still holds.
        bool overdue = silent && elapsed > 0 && elapsed + durationMs > _ceilingMs;
        if (due || overdue) {
            endSegment(dts);
            startSegment(packet, independent);
        } else if (_settings.lowLatency && _container == Container::Fmp4 && ((lead && canCut) || silent) && _partHasData &&
                   (dts + std::max(durationMs, _cuttableSpacingMs) - _partStartDts > _settings.partTargetMs ||
                    // (cutBefore() usually made this boundary already; audio written since must stay in the new part)
                    (startsIndependentPart(packet) && dts > _partStartDts))) {
            endPart(dts);
            _partStartDts = dts;
            _partIndependent = independent;
        }
    }
    if (!_muxer) startMuxer();
    _muxer->write(packet, durationTicks);
    _partHasData = true;
    _lastEndDts = std::max(_lastEndDts, endDts);
    if (lead) _lastLeadEndDts = endDts;
}

void Segmenter::cutBefore(const MediaPacket& packet, std::int64_t expectedDurationMs) {
    // A lead packet is held until the next one gives its duration; whether it
    // starts a new part or segment is known on arrival (its duration is taken
    // to be the previous one's), so the finished part is published one frame
    // sooner. release() then finds the boundary already made.
    if (!_timelineActive || !_segmentOpen || !_partHasData) return;
    bool leadIsAudio = _carried.front().kind == MediaKind::Audio;
    bool syncPoint = packet.keyframe || leadIsAudio;
    if (!cuttable(packet)) return;
    // The next place a part may start is one cuttable spacing away (3 frames
    // with 2 B-frames): cut here if waiting for it would overrun the part target.
    const std::int64_t dts = ms(packet.dts);
    std::int64_t untilNextCut = std::max(expectedDurationMs, _cuttableSpacingMs);
    bool partDue = _settings.lowLatency && _container == Container::Fmp4 &&
                   (dts + untilNextCut - _partStartDts > _settings.partTargetMs || startsIndependentPart(packet));
    if (segmentDue(dts, syncPoint, expectedDurationMs)) {
        endSegment(dts);
        startSegment(packet, syncPoint);
    } else if (partDue) {
        endPart(dts);
        _partStartDts = dts;
        _partIndependent = syncPoint;
    }
}

bool Segmenter::segmentDue(std::int64_t dts, bool syncPoint, std::int64_t frameMs) const {
    // Timestamps are whole ms: a boundary a few ms off is on time.
    constexpr std::int64_t kRoundingMs = 5;
    std::int64_t elapsed = dts - _segmentStartDts;
    // Not past the ceiling (EXT-X-TARGETDURATION is announced from it), keyframe
    // or not: cut here if the next frame would already overrun it. The next
    // frame a segment may start with can be up to one B-frame group (0.1 s
    // with OBS's 2 B-frames) further; waiting for it rather than cutting a
    // group early lets a keyframe exactly at the ceiling end the segment, and
    // RFC 8216bis compares EXTINF rounded to whole seconds with the target.
    // A few ms of slack: at 29.97 fps a 2 s keyframe interval is 2002 ms.
    if (elapsed > 0 && elapsed + frameMs > _ceilingMs + kRoundingMs) return true;
    if (syncPoint && elapsed >= _settings.targetDurationMs) return true;
    // Classic HLS: segments start at keyframes unless the ceiling forces a cut.
    if (!partsCarryKeyframes()) return false;
    // The first segment of a timeline ends at the first keyframe at least the
    // part hold-back in (a few ms early is on time: timestamps are whole ms):
    // players (hls.js) need one complete segment before they start. Without
    // such a keyframe it runs to the ceiling: hls.js 1.7 keeps loading parts
    // after it only if it parses its last part while the open segment is
    // shorter than "its end - the first part's end", and cannot resume parts
    // at a segment that starts without a keyframe, so a 1 s first segment
    // followed by keyframe-less ones stalled every viewer who was waiting.
    if (_firstSegmentOfTimeline) return syncPoint && elapsed + kRoundingMs >= partHoldBackMs(_settings.partTargetMs);
    // A segment cut between keyframes ends at the next keyframe once it is long
    // enough to be worth a playlist line, so segments line up with keyframes
    // again whenever the encoder's interval allows (1 s, 2 s keyframes: every
    // segment after the first starts with one).
    return syncPoint && !_segmentIndependent && 2 * elapsed >= _settings.targetDurationMs;
}

bool Segmenter::partsCarryKeyframes() const {
    return _settings.lowLatency && _container == Container::Fmp4 && !_carried.empty() &&
           _carried.front().kind == MediaKind::Video;
}

bool Segmenter::startsIndependentPart(const MediaPacket& packet) const {
    // Every keyframe of the lead video track opens a part of its own, marked
    // INDEPENDENT=YES: a player joining mid-segment starts at the newest one
    // instead of waiting for the next segment (with OBS's 250-frame GOP, up to 8 s).
    return isLead(packet) && packet.keyframe && !_carried.empty() && _carried.front().kind == MediaKind::Video;
}

void Segmenter::startMuxer() {
    _muxer = std::make_unique<MemoryMuxer>(_container, _carried);
    if (_container == Container::Fmp4) {
        _currentInitId = _nextInitId++;
        MediaBytes init = SealedBytes::copyOf(_muxer->initSection());
        std::int64_t id = _currentInitId;
        _publish([&](Timeline& timeline) { timeline.addInit(id, init); });
    }
}

void Segmenter::startTimeline() {
    _timelineActive = true;
    _firstSegmentOfTimeline = true;
    _muxer.reset();
    startMuxer();
}

void Segmenter::startSegment(const MediaPacket& first, bool independent) {
    if (!_muxer) startMuxer();
    _segmentOpen = true;
    _segmentIndependent = independent;
    _segmentStartDts = _partStartDts = ms(first.dts);
    _partIndependent = independent;
    _partHasData = false;
    bool discontinuity = _discontinuityPending;
    _discontinuityPending = false;
    std::int64_t initId = _currentInitId;
    // EXT-X-PROGRAM-DATE-TIME: the ingest wall clock at the timeline's first
    // segment, then the media clock. Each segment's own arrival time carries
    // network and encoder jitter (0.1 s seen), and hls.js re-aligns its
    // timeline by these dates on every playlist, which shifted buffered
    // segments away from their parts.
    if (_firstSegmentOfTimeline) {
        _timelineWallStart = first.receivedAt;
        _timelineStartDtsMs = ms(first.dts);
    }
    const auto programDateTime = _timelineWallStart + std::chrono::milliseconds(ms(first.dts) - _timelineStartDtsMs);
    _publish([&](Timeline& timeline) { timeline.openSegment(programDateTime, discontinuity, initId, independent); });
}

void Segmenter::endPart(std::int64_t endDts) {
    if (!_partHasData) return;
    std::string fragment = _muxer->cutFragment();
    _segmentBytes += fragment;
    MediaBytes bytes = SealedBytes::copyOf(fragment);
    std::int64_t duration = std::max<std::int64_t>(endDts - _partStartDts, 1);
    bool independent = _partIndependent;
    _partHasData = false;
    _publish([&](Timeline& timeline) { timeline.addPart(duration, independent, bytes); });
}

void Segmenter::endSegment(std::int64_t endDts) {
    if (!_segmentOpen) return;
    if (_container == Container::Fmp4) {
        if (_settings.lowLatency) endPart(endDts);
        else _segmentBytes += _muxer->cutFragment();
    } else {
        _segmentBytes += _muxer->finish();
        _muxer.reset();  // every MPEG-TS segment is self-contained, with its own PAT/PMT
    }
    MediaBytes bytes = SealedBytes::copyOf(_segmentBytes);
    _segmentBytes.clear();
    std::int64_t duration = std::max<std::int64_t>(endDts - _segmentStartDts, 1);
    _segmentOpen = false;
    _firstSegmentOfTimeline = false;
    _partHasData = false;
    _publish([&](Timeline& timeline) { timeline.closeSegment(duration, bytes); });
}

void Segmenter::flush() {
    _aligner.drain([this](const MediaPacket& packet) { pushAligned(packet); });
    endTimeline();
}

void Segmenter::endTimeline() {
    std::vector<Held> pending;
    for (auto& [id, held] : _held) pending.push_back(held);
    _held.clear();
    std::sort(pending.begin(), pending.end(), [](const Held& a, const Held& b) { return a.packet.dts < b.packet.dts; });
    for (const auto& held : pending) {
        // The last packet of a track lasts as long as the one before it (20 ms when it is the only one).
        std::int64_t duration = held.lastDurationTicks > 0 ? held.lastDurationTicks
                                                           : MediaTime::fromMilliseconds(20).floorAt(held.packet.dts.rate);
        release(held.packet, duration, held.cuttable);
    }
    // Durations are measured on the lead track's clock, like every other boundary.
    endSegment(_lastLeadEndDts > _segmentStartDts ? _lastLeadEndDts : _lastEndDts);
    _muxer.reset();
    _timelineActive = false;
    _discontinuityPending = true;
    _lastLeadDts = INT64_MIN / 2;
    _maxLeadPts = MediaTime{INT64_MIN / 2, MediaTime::kMillisecondRate};  // the next timeline may step back
    _lastCuttableDts = INT64_MIN / 2;
    _cuttableSpacingMs = 0;
    _firstSeenDts.reset();
}

}  // namespace sockstream::hls
