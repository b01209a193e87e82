#include "StreamFeed.h"

#include <algorithm>
#include <cmath>

#include "AvcNalUnits.h"
#include "TranscodeError.h"
#include "WebRtcError.h"
#include "RandomRtp.h"

namespace sockstream::webrtc {

namespace {
// Placeholders: each viewer's copy gets the payload type and SSRC its answer agreed.
constexpr std::uint8_t kSharedPayloadType = 96;
constexpr std::uint32_t kSharedSsrc = 0;

/// A packetizer's stream: placeholders for payload type and SSRC, random
/// first sequence number and timestamp base (RFC 3550 section 5.1).
RtpStreamParameters sharedStream() {
    RtpStreamParameters parameters;
    parameters.payloadType = kSharedPayloadType;
    parameters.ssrc = kSharedSsrc;
    parameters.firstSequence = static_cast<std::uint16_t>(randomRtp32());
    parameters.timestampBase = randomRtp32();
    return parameters;
}

constexpr double kVideoClockRate = 90000;  // RFC 6184
/// A group shorter than this says little about the stream's rate (it is mostly its IDR).
constexpr std::uint32_t kMinimumMeasuredSpan = 45000;  // 0.5 s at 90 kHz

std::uint32_t timestampOf(const std::string& rtp) {
    std::uint32_t timestamp = 0;
    for (int i = 4; i < 8; ++i) timestamp = (timestamp << 8) | static_cast<unsigned char>(rtp[i]);
    return timestamp;
}

// What the host changes, in OBS's words (OBS 30: Settings -> Output).
const char* const kBFramesReason =
    "this stream has B-frames, which WebRTC cannot play. In OBS, Settings > Output: in Advanced mode, "
    "Streaming tab, with x264 type bframes=0 into \"x264 Options\" (or set Profile to baseline), with a hardware "
    "encoder (NVENC, QuickSync, AMF) set B-frames (\"Max B-frames\") to 0; in Simple mode, tick \"Enable Advanced "
    "Encoder Settings\" and type bframes=0 into \"Custom Encoder Settings\". With ffmpeg: -bf 0. "
    "LL-HLS plays this stream meanwhile.";
}  // namespace

StreamFeed::StreamFeed(std::string roomId, Limits limits)
    : _roomId(std::move(roomId)), _limits(limits), _history(limits.historyPackets) {}

bool StreamFeed::onTracks(const StreamInfo& info) {
    std::lock_guard lock(_mutex);
    const auto before = _unplayable;
    const TrackInfo* video = nullptr;
    for (const auto& track : info.tracks)
        if (track.kind == MediaKind::Video) {
            video = &track;
            break;
        }
    const TrackInfo* audio = nullptr;
    for (const auto& track : info.tracks)
        if (track.kind == MediaKind::Audio && track.codec == Codec::AAC && !track.codecConfig.empty()) {
            audio = &track;
            break;
        }
    if (!audio) {
        _audioTrackId.reset();
        _transcoder.reset();
    } else if (_audioTrackId != audio->id || _audioConfig != audio->codecConfig) {
        _audioTrackId = audio->id;
        _audioConfig = audio->codecConfig;
        _audioBroken = false;
        _transcoder.reset();  // made again, for the new configuration, at the next packet someone watches
    }
    if (!_opusPacketizer) _opusPacketizer = std::make_unique<OpusPacketizer>(sharedStream());
    _unplayable.reset();
    if (!video) {
        _videoTrackId.reset();
        _packetizer.reset();
    } else if (video->codec != Codec::H264) {
        _videoTrackId.reset();
        _packetizer.reset();
        _unplayable = "this stream's video is " + std::string(codecName(video->codec)) +
                      ", and this server plays only H.264 over WebRTC; LL-HLS plays it";
    } else {
        if (!_packetizer || _videoTrackId != video->id) {
            _packetizer = std::make_unique<H264Packetizer>(sharedStream());
            _keyframeGroup.clear();
            _keyframeGroupComplete = false;
            _groupFirstTimestamp.reset();
            // Queued packets belong to the old numbering: the viewers go on with the new one.
            for (auto& viewer : _viewers) endCatchUp(viewer);
        }
        _videoTrackId = video->id;
        if (!video->codecConfig.empty() && video->codecConfig != _decoderConfig) {
            try {
                _packetizer->setDecoderConfig(video->codecConfig);
                _lengthSize = parseAvcDecoderConfig(video->codecConfig).lengthSize;
                _decoderConfig = video->codecConfig;
                // avcC: version, then AVCProfileIndication.
                if (_decoderConfig.size() > 1) _profileIdc = static_cast<unsigned char>(_decoderConfig[1]);
            } catch (const WebRtcError& error) {
                _unplayable = std::string("this stream's H.264 configuration is unusable: ") + error.what();
            }
        }
    }
    if (!_unplayable && _bFrames) _unplayable = kBFramesReason;
    return before != _unplayable;
}

bool StreamFeed::onPacket(const MediaPacket& packet, SendBatch& out) {
    std::lock_guard lock(_mutex);
    if (!packet.data) return false;
    if (_audioTrackId && packet.trackId == *_audioTrackId) {
        onAudio(packet, out);
        return false;
    }
    if (!_videoTrackId || packet.trackId != *_videoTrackId || !_packetizer) return false;
    // A B slice means frames are reordered, which WebRTC cannot carry. The
    // slice type says so for certain; pts != dts does not (some encoders write
    // a constant composition offset without B-frames).
    bool bSlice = false;
    if (!_bFrames) {
        try {
            bSlice = hasBSlice(*packet.data, _lengthSize);
        } catch (const WebRtcError&) {
            return false;  // a malformed access unit: nothing of it is sent
        }
    }
    if (bSlice) {
        _bFrames = true;
        const bool changed = !_unplayable;
        if (!_unplayable) _unplayable = kBFramesReason;
        _keyframeGroup.clear();
        _keyframeGroupComplete = false;
        return changed;
    }
    if (_unplayable) return false;
    std::vector<std::string> made;
    try {
        made = _packetizer->packetize(*packet.data, packet.pts);
    } catch (const WebRtcError&) {
        return false;  // a malformed access unit: nothing of it is sent
    }
    std::vector<std::shared_ptr<const std::string>> packets;
    packets.reserve(made.size());
    for (auto& rtp : made) packets.push_back(std::make_shared<const std::string>(std::move(rtp)));
    for (const auto& rtp : packets) _history.remember(*rtp);

    if (packet.keyframe) {
        noteGroupRate();
        _keyframeGroup.clear();
        _keyframeGroupComplete = true;
        _groupPackets = 0;
        _groupFirstTimestamp.reset();
        if (!packets.empty()) _groupFirstTimestamp = timestampOf(*packets.front());
    }
    _groupPackets += packets.size();
    if (!packets.empty()) _groupLastTimestamp = timestampOf(*packets.back());
    if (_keyframeGroupComplete) {
        if (_keyframeGroup.size() + packets.size() > _limits.maxKeyframeGroupPackets) {
            _keyframeGroup.clear();
            _keyframeGroupComplete = false;  // too long to cache: new viewers wait for the next IDR
        } else {
            _keyframeGroup.insert(_keyframeGroup.end(), packets.begin(), packets.end());
        }
    }
    sendToViewers(packets, packet.keyframe, out);
    return false;
}

void StreamFeed::sendToViewers(const std::vector<std::shared_ptr<const std::string>>& packets, bool keyframe,
                               SendBatch& out) {
    for (auto& viewer : _viewers) {
        if (!viewer.started && !keyframe) continue;
        viewer.started = true;
        if (!viewer.catchUp.empty()) {
            // Held behind the catch-up: every queued packet is older (a lower
            // sequence number, an earlier frame) than this live one, so queue
            // first keeps the viewer's sequence increasing and gives its
            // decoder the keyframe before the frames predicted from it. Live
            // first would deliver frames whose reference is still queued: the
            // jitter buffer drops them, NACKs them and asks for a keyframe
            // again, which is the storm the pacing avoids. The queue drains
            // catchUpRateMultiplier times as fast as the stream adds to it.
            // (A new IDR does not cut the catch-up short: skipping to it would
            // leave a hole of sequence numbers the viewer would NACK.)
            if (viewer.catchUp.size() - viewer.catchUpNext + packets.size() <= 2 * _limits.maxKeyframeGroupPackets) {
                viewer.catchUp.insert(viewer.catchUp.end(), packets.begin(), packets.end());
                continue;
            }
            // Falling ever further behind (a link slower than the pacing): it
            // starts again at the next keyframe, live.
            endCatchUp(viewer);
            viewer.started = keyframe;
            if (!keyframe) continue;
        }
        for (const auto& rtp : packets) viewer.session->sendRtp(*rtp, MediaKind::Video, out);
    }
}

void StreamFeed::noteGroupRate() {
    if (!_groupFirstTimestamp || _groupPackets == 0) return;
    const std::uint32_t span = _groupLastTimestamp - *_groupFirstTimestamp;  // wraps as RTP timestamps do
    if (span >= kMinimumMeasuredSpan) _packetsPerSecond = static_cast<double>(_groupPackets) * kVideoClockRate / span;
}

std::size_t StreamFeed::catchUpBudget() const {
    double rate = _packetsPerSecond;
    if (_groupFirstTimestamp && _groupPackets > 0) {
        // The group still open counts too once it is long enough: a stream whose bitrate went up.
        const std::uint32_t span = _groupLastTimestamp - *_groupFirstTimestamp;
        if (span >= kMinimumMeasuredSpan)
            rate = std::max(rate, static_cast<double>(_groupPackets) * kVideoClockRate / span);
    }
    const double perTick =
        std::ceil(rate * _limits.catchUpRateMultiplier * static_cast<double>(_limits.catchUpTick.count()) / 1000.0);
    return std::max(_limits.catchUpMinPacketsPerTick, static_cast<std::size_t>(perTick));
}

std::size_t StreamFeed::catchUpPacketsPerTick() const {
    std::lock_guard lock(_mutex);
    return catchUpBudget();
}

void StreamFeed::startCatchUp(Viewer& viewer, SendBatch& out) {
    // A copy of the group's pointers (not the packets): the group itself is
    // cleared at the next IDR while this viewer may still be catching up.
    viewer.catchUp = _keyframeGroup;
    viewer.catchUpNext = 0;
    viewer.started = true;
    _catchingUp.fetch_add(1, std::memory_order_relaxed);
    sendCatchUp(viewer, catchUpBudget(), out);  // its keyframe starts now, not a tick later
}

void StreamFeed::sendCatchUp(Viewer& viewer, std::size_t budget, SendBatch& out) {
    const std::size_t end = std::min(viewer.catchUp.size(), viewer.catchUpNext + budget);
    for (; viewer.catchUpNext < end; ++viewer.catchUpNext)
        viewer.session->sendRtp(*viewer.catchUp[viewer.catchUpNext], MediaKind::Video, out, false);
    if (viewer.catchUpNext == viewer.catchUp.size()) {
        endCatchUp(viewer);
    } else if (viewer.catchUpNext >= 1024 && 2 * viewer.catchUpNext >= viewer.catchUp.size()) {
        // What was sent goes (amortised: at most as often as half the queue was sent).
        viewer.catchUp.erase(viewer.catchUp.begin(),
                             viewer.catchUp.begin() + static_cast<std::ptrdiff_t>(viewer.catchUpNext));
        viewer.catchUpNext = 0;
    }
}

void StreamFeed::endCatchUp(Viewer& viewer) {
    if (viewer.catchUp.empty()) return;
    std::vector<std::shared_ptr<const std::string>>().swap(viewer.catchUp);  // its memory goes too
    viewer.catchUpNext = 0;
    _catchingUp.fetch_sub(1, std::memory_order_relaxed);
}

void StreamFeed::pace(SendBatch& out) {
    std::lock_guard lock(_mutex);
    if (_catchingUp.load(std::memory_order_relaxed) == 0) return;
    const std::size_t budget = catchUpBudget();
    for (auto& viewer : _viewers) {
        if (viewer.catchUp.empty()) continue;
        if (_unplayable)
            endCatchUp(viewer);
        else
            sendCatchUp(viewer, budget, out);
    }
}

void StreamFeed::onAudio(const MediaPacket& packet, SendBatch& out) {
    // Transcoding costs a decoder and an encoder per stream: only while someone watches.
    if (_viewers.empty() || _unplayable || _audioBroken) {
        _transcoder.reset();
        return;
    }
    std::vector<OpusFrame> frames;
    try {
        if (!_transcoder) _transcoder = std::make_unique<AacToOpus>(_audioConfig);
        frames = _transcoder->push(*packet.data, packet.pts);
    } catch (const TranscodeError&) {
        _audioBroken = true;  // video plays on without sound rather than not at all
        _transcoder.reset();
        return;
    }
    for (const auto& frame : frames) {
        std::string rtp;
        try {
            rtp = _opusPacketizer->packetize(frame.data, frame.pts);
        } catch (const WebRtcError&) {
            continue;
        }
        for (auto& viewer : _viewers) viewer.session->sendRtp(rtp, MediaKind::Audio, out);
    }
}

bool StreamFeed::transcodingAudio() const {
    std::lock_guard lock(_mutex);
    return _transcoder != nullptr;
}

std::optional<std::string> StreamFeed::unplayableReason() const {
    std::lock_guard lock(_mutex);
    return _unplayable;
}

std::optional<int> StreamFeed::h264ProfileIdc() const {
    std::lock_guard lock(_mutex);
    return _profileIdc;
}

void StreamFeed::attach(const std::shared_ptr<WhepSession>& session, SendBatch& out) {
    std::lock_guard lock(_mutex);
    for (const auto& viewer : _viewers)
        if (viewer.session->id() == session->id()) return;
    _viewers.push_back(Viewer{session, false, {}, 0});
    if (_keyframeGroupComplete && !_keyframeGroup.empty() && !_unplayable) startCatchUp(_viewers.back(), out);
}

void StreamFeed::detach(const std::string& sessionId) {
    std::lock_guard lock(_mutex);
    for (auto& viewer : _viewers)
        if (viewer.session->id() == sessionId) endCatchUp(viewer);  // what it was still to get goes with it
    std::erase_if(_viewers, [&](const Viewer& viewer) { return viewer.session->id() == sessionId; });
}

std::size_t StreamFeed::viewerCount() const {
    std::lock_guard lock(_mutex);
    return _viewers.size();
}

std::size_t StreamFeed::retransmit(WhepSession& session, const std::vector<std::uint16_t>& sequences,
                                   SendBatch& out) {
    std::lock_guard lock(_mutex);
    std::size_t sent = 0;
    for (const auto sequence : sequences)
        if (const std::string* rtp = _history.find(sequence)) sent += session.sendRtp(*rtp, MediaKind::Video, out) ? 1 : 0;
    return sent;
}

bool StreamFeed::resendKeyframe(WhepSession& session, SendBatch& out) {
    std::lock_guard lock(_mutex);
    if (!_keyframeGroupComplete || _keyframeGroup.empty() || _unplayable) return false;
    const auto viewer = std::find_if(_viewers.begin(), _viewers.end(),
                                     [&](const Viewer& v) { return v.session->id() == session.id(); });
    // Still catching up: the group it asks for is already on its way (a PLI
    // about a hole the catch-up will fill); a second copy would double the burst.
    if (viewer == _viewers.end() || !viewer->catchUp.empty()) return false;
    startCatchUp(*viewer, out);
    return true;
}

}  // namespace sockstream::webrtc
