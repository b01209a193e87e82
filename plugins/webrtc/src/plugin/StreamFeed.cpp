#include "StreamFeed.h"

#include <algorithm>

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
        _keyframeGroup.clear();
        _keyframeGroupComplete = true;
    }
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
        for (const auto& rtp : packets) viewer.session->sendRtp(*rtp, MediaKind::Video, out);
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
    Viewer viewer{session, false};
    if (_keyframeGroupComplete && !_keyframeGroup.empty() && !_unplayable) {
        for (const auto& rtp : _keyframeGroup) session->sendRtp(*rtp, MediaKind::Video, out);
        viewer.started = true;
    }
    _viewers.push_back(std::move(viewer));
}

void StreamFeed::detach(const std::string& sessionId) {
    std::lock_guard lock(_mutex);
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
    if (!_keyframeGroupComplete || _unplayable) return false;
    for (const auto& rtp : _keyframeGroup) session.sendRtp(*rtp, MediaKind::Video, out);
    return true;
}

}  // namespace sockstream::webrtc
