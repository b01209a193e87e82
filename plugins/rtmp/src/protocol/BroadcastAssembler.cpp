#include "BroadcastAssembler.h"

#include <algorithm>
#include <memory>

namespace sockstream::rtmp {

BroadcastAssembler::BroadcastAssembler(const RtmpLimits& limits, SessionEvents& events)
    : _limits(limits), _events(events) {}

std::vector<TrackInfo> BroadcastAssembler::tracks() const {
    std::vector<TrackInfo> out;
    if (_video) out.push_back(*_video);
    if (_audio) out.push_back(*_audio);
    return out;
}

bool BroadcastAssembler::hasTrack(int id) const { return id == kVideoTrack ? _video.has_value() : _audio.has_value(); }

void BroadcastAssembler::onMetadata(const StreamMetadata& metadata) {
    _metadata = metadata;
    // Fill in what the sequence headers do not say (size, rate, bitrate).
    bool changed = false;
    if (_video) {
        if (_video->width == 0 && metadata.width) { _video->width = metadata.width; changed = true; }
        if (_video->height == 0 && metadata.height) { _video->height = metadata.height; changed = true; }
        if (_video->frameRate == 0 && metadata.frameRate) { _video->frameRate = metadata.frameRate; changed = true; }
    }
    if (_opened && changed) _events.updateTracks(tracks());
    maybeOpen();
}

void BroadcastAssembler::onTrackConfig(TrackInfo track) {
    if (_metadata) {
        if (track.kind == MediaKind::Video) {
            track.width = _metadata->width;
            track.height = _metadata->height;
            track.frameRate = _metadata->frameRate;
            track.bitrateKbps = _metadata->videoBitrateKbps;
        } else {
            if (!track.sampleRate) track.sampleRate = _metadata->sampleRate;
            if (!track.channels) track.channels = _metadata->channels;
            track.bitrateKbps = _metadata->audioBitrateKbps;
        }
    }
    std::optional<TrackInfo>& slot = track.id == kVideoTrack ? _video : _audio;
    const bool same = slot && slot->codec == track.codec && slot->codecConfig == track.codecConfig;
    if (same) return;
    slot = std::move(track);
    if (_opened) _events.updateTracks(tracks());
    else maybeOpen();
}

void BroadcastAssembler::onVideo(FlvVideoTag tag, std::uint32_t timestamp,
                                 std::chrono::system_clock::time_point receivedAt) {
    if (tag.kind == FlvVideoTag::Kind::SequenceStart) {
        TrackInfo track;
        track.id = kVideoTrack;
        track.kind = MediaKind::Video;
        track.codec = tag.codec;
        track.codecConfig = tag.data;
        onTrackConfig(std::move(track));
        return;
    }
    if (tag.kind != FlvVideoTag::Kind::CodedFrame) return;
    // Frames of a codec whose configuration never arrived cannot be decoded.
    if (_video && _video->codec != tag.codec) return;
    MediaPacket packet;
    packet.trackId = kVideoTrack;
    packet.dts = MediaTime::fromMilliseconds(onTimeline(_videoClock.next(timestamp)));
    packet.pts = packet.dts.plusTicks(std::max<std::int32_t>(0, tag.compositionTime));
    packet.keyframe = tag.keyframe;
    packet.data = std::make_shared<const std::string>(std::move(tag.data));
    packet.receivedAt = receivedAt;
    onPacket(std::move(packet));
}

void BroadcastAssembler::onAudio(FlvAudioTag tag, std::uint32_t timestamp,
                                 std::chrono::system_clock::time_point receivedAt) {
    if (tag.kind == FlvAudioTag::Kind::Ignored) return;
    if (tag.kind == FlvAudioTag::Kind::SequenceStart || (tag.codec == Codec::MP3 && !_audio)) {
        TrackInfo track;
        track.id = kAudioTrack;
        track.kind = MediaKind::Audio;
        track.codec = tag.codec;
        if (tag.kind == FlvAudioTag::Kind::SequenceStart) track.codecConfig = tag.data;
        track.sampleRate = tag.sampleRate;
        track.channels = tag.channels;
        onTrackConfig(std::move(track));
        if (tag.kind == FlvAudioTag::Kind::SequenceStart) return;
    }
    if (_audio && _audio->codec != tag.codec) return;
    MediaPacket packet;
    packet.trackId = kAudioTrack;
    packet.dts = MediaTime::fromMilliseconds(onTimeline(_audioClock.next(timestamp)));
    packet.pts = packet.dts;
    packet.keyframe = true;  // every AAC/MP3 frame decodes on its own
    packet.data = std::make_shared<const std::string>(std::move(tag.data));
    packet.receivedAt = receivedAt;
    onPacket(std::move(packet));
}

std::int64_t BroadcastAssembler::onTimeline(std::int64_t clockValue) {
    if (!_timelineOffset) _timelineOffset = _timelineStart ? *_timelineStart - clockValue : 0;
    return clockValue + *_timelineOffset;
}

void BroadcastAssembler::onPacket(MediaPacket packet) {
    if (_opened) {
        if (hasTrack(packet.trackId)) _events.pushPacket(packet);
        return;
    }
    _pendingBytes += packet.data->size();
    _pending.push_back(std::move(packet));
    maybeOpen();
}

void BroadcastAssembler::maybeOpen() {
    if (_opened) return;
    const bool announced = _metadata && (_metadata->hasVideo || _metadata->hasAudio);
    const bool allConfigured = announced && (!_metadata->hasVideo || _video) && (!_metadata->hasAudio || _audio);
    bool waitedEnough = false;
    if (!_pending.empty()) {
        std::int64_t first = _pending.front().dts.milliseconds(), last = first;
        for (const auto& p : _pending) {
            first = std::min(first, p.dts.milliseconds());
            last = std::max(last, p.dts.milliseconds());
        }
        waitedEnough = last - first >= _limits.openWaitMs;
    }
    const bool tooMuch = _pendingBytes > _limits.maxPendingMediaBytes;
    if (allConfigured || ((waitedEnough || tooMuch) && (_video || _audio))) open();
    else if (tooMuch) {
        // No track is decodable yet: keep memory bounded by dropping the oldest.
        while (_pendingBytes > _limits.maxPendingMediaBytes && !_pending.empty()) {
            _pendingBytes -= _pending.front().data->size();
            _pending.pop_front();
        }
    }
}

void BroadcastAssembler::flush() {
    if (!_opened && (_video || _audio)) open();
}

void BroadcastAssembler::open() {
    _opened = true;
    std::string encoder = _metadata && !_metadata->encoder.empty() ? _metadata->encoder : _fallbackEncoder;
    _events.openStream(tracks(), encoder);
    std::deque<MediaPacket> pending;
    pending.swap(_pending);
    _pendingBytes = 0;
    for (const auto& packet : pending)
        if (hasTrack(packet.trackId)) _events.pushPacket(packet);
}

}  // namespace sockstream::rtmp
