#include "SrtSession.h"

#include <cstring>
#include <stdexcept>

#include <srt/srt.h>

extern "C" {
#include <libavutil/error.h>
}

#include "../protocol/AdtsAudio.h"
#include "../protocol/AnnexBVideo.h"

namespace sockstream::srt {

namespace {
constexpr int kVideoTrack = 0;
constexpr int kAudioTrack = 1;
// Where a resumed broadcast continues: one frame after where it stopped.
constexpr std::int64_t kResumeGapTicks = TsTimeline::kClockRate / 30;
// SRT live payloads are at most 1456 bytes; a little more in case a peer raised SRTO_PAYLOADSIZE.
constexpr int kMaxMessageBytes = 1500;
// How often a blocked read wakes up to notice close() and to count silence.
constexpr int kReadSliceMs = 250;
constexpr std::int64_t kAacSamplesPerFrame = 1024;
// Damaged packets in a row after which the stream is taken for garbage, not loss.
constexpr int kMaxConsecutiveDamaged = 200;
// How long a publisher has from connecting to a broadcast the bus can open.
constexpr std::chrono::seconds kOpenDeadline{10};
}  // namespace

SrtSession::SrtSession(PluginContext& context, const SrtConfig& config, SrtMetrics& metrics,
                       ResumePoints& resumePoints, int socket, PublishGrant grant, std::string remote)
    : _context(context),
      _config(config),
      _metrics(metrics),
      _logger(context.logger()),
      _socket(socket),
      _grant(std::move(grant)),
      _remote(std::move(remote)),
      _resumePoint(resumePoints.point(_grant.broadcastId)) {}

SrtSession::~SrtSession() {
    if (_socket != SRT_INVALID_SOCK) srt_close(_socket);
}

std::string SrtSession::describe() const { return "srt " + _remote + " room " + _grant.roomId; }

int SrtSession::readSocket(std::uint8_t* buffer, int size) {
    while (_messageOffset >= _message.size()) {
        if (_closing || _released->load()) return AVERROR_EXIT;
        // Garbage can keep libavformat searching for a programme for ever: a
        // publisher gets a fixed time to deliver something the bus can open.
        if (!_publisher && std::chrono::steady_clock::now() - _connectedAt > kOpenDeadline) {
            _openTimedOut = true;
            return AVERROR_EXIT;
        }
        _message.resize(kMaxMessageBytes);
        const int got = srt_recvmsg(_socket, reinterpret_cast<char*>(_message.data()), kMaxMessageBytes);
        if (got > 0) {
            _message.resize(static_cast<std::size_t>(got));
            _messageOffset = 0;
            _lastData = std::chrono::steady_clock::now();
            break;
        }
        _message.clear();
        _messageOffset = 0;
        if (got == SRT_ERROR && srt_getlasterror(nullptr) == SRT_EASYNCRCV) {
            if (std::chrono::steady_clock::now() - _lastData >= _config.silenceTimeout) {
                _silent = true;
                return AVERROR_EOF;
            }
            continue;
        }
        return AVERROR_EOF;  // the peer closed, or the connection broke
    }
    const int n = std::min<int>(size, static_cast<int>(_message.size() - _messageOffset));
    std::memcpy(buffer, _message.data() + _messageOffset, static_cast<std::size_t>(n));
    _messageOffset += static_cast<std::size_t>(n);
    return n;
}

void SrtSession::run() {
    _lastData = _connectedAt = std::chrono::steady_clock::now();
    const int timeout = kReadSliceMs;
    srt_setsockflag(_socket, SRTO_RCVTIMEO, &timeout, sizeof(timeout));
    const std::int64_t reached = _resumePoint->load();
    _timeline.emplace(_grant.resumed && reached >= 0 ? reached + kResumeGapTicks : 0);
    std::string ending = "the encoder disconnected";
    try {
        TsDemuxer demuxer([this](std::uint8_t* buffer, int size) { return readSocket(buffer, size); },
                          _config.analyzeDuration);
        demuxer.open();
        chooseTracks(demuxer);
        TsDemuxer::Packet packet;
        while (demuxer.next(packet)) handle(demuxer, packet);
    } catch (const std::exception& e) {
        if (!_closing && !_released->load()) {
            _metrics.streamErrors.increment();
            ending = e.what();
        }
    }
    if (_silent) ending = "nothing received for " + std::to_string(_config.silenceTimeout.count() / 1000) +
                          " s (the encoder stopped sending or the network dropped it)";
    if (_openTimedOut)
        ending = "no H.264 or AAC stream could be read from what was sent within " +
                 std::to_string(kOpenDeadline.count()) + " s (is the encoder sending MPEG-TS?)";
    if (_closing) ending = "the server is stopping";
    try {
        if (_publisher && !_released->load()) {
            _logger.information("%s: broadcast interrupted: %s", describe(), ending);
            _publisher->interrupt();
        } else if (!_publisher) {
            _logger.warning("%s: closing before the broadcast opened: %s", describe(), ending);
        }
        _publisher.reset();
    } catch (const std::exception& e) {
        // Nothing may escape the connection's thread (it would end the server).
        _logger.error("%s: ending the broadcast failed: %s", describe(), std::string(e.what()));
    }
    if (_publishingCounted) _metrics.publishing.add(-1);
    srt_close(_socket);
    _socket = SRT_INVALID_SOCK;
    _done = true;
}

void SrtSession::chooseTracks(const TsDemuxer& demuxer) {
    for (const auto& track : demuxer.tracks()) {
        const TrackInfo& info = track.info;
        const bool video = info.kind == MediaKind::Video && info.codec == Codec::H264 && !_video;
        const bool audio = info.kind == MediaKind::Audio && info.codec == Codec::AAC && !_audio;
        if (!video && !audio) {
            _logger.notice("%s: ignoring MPEG-TS stream %d (%s %s): this server takes one H.264 and one AAC stream",
                           describe(), track.streamIndex,
                           std::string(info.kind == MediaKind::Video ? "video" : "audio/other"),
                           std::string(codecName(info.codec)));
            continue;
        }
        TrackState state;
        state.streamIndex = track.streamIndex;
        state.info = info;
        state.info.id = video ? kVideoTrack : kAudioTrack;
        state.info.clockRate = TsTimeline::kClockRate;
        (video ? _video : _audio) = state;
    }
    if (!_video && !_audio)
        throw std::runtime_error("the MPEG-TS has neither an H.264 nor an AAC stream (encode H.264 video and AAC audio)");
}

void SrtSession::handle(const TsDemuxer&, TsDemuxer::Packet& packet) {
    if (_video && packet.streamIndex == _video->streamIndex) handleVideo(*_video, packet);
    else if (_audio && packet.streamIndex == _audio->streamIndex) handleAudio(*_audio, packet);
    // Streams the PMT added later, or ones chosen against, are dropped.
}

void SrtSession::handleVideo(TrackState& track, TsDemuxer::Packet& packet) {
    const auto wireDts = packet.dts ? packet.dts : packet.pts;
    if (!wireDts) return;  // nothing to place it in time: a broken PES header
    AvcAccessUnit unit;
    try {
        unit = convertAnnexB(packet.data);
    } catch (const std::invalid_argument& e) {
        damaged("H.264", e.what());
        return;
    }
    _consecutiveDamaged = 0;
    if (unit.decoderConfig && *unit.decoderConfig != track.info.codecConfig) {
        const bool changed = track.configured;
        track.info.codecConfig = *unit.decoderConfig;
        track.configured = true;
        if (changed && _publisher && _publisher->active()) {
            _logger.information("%s: H.264 parameters changed mid-stream", describe());
            _publisher->updateTracks(trackInfos());
        }
    }
    if (!_sawKeyframe) {
        // A decoder can start only at a keyframe: what came before is of no use to anyone.
        if (!unit.keyframe || !track.configured) return;
        _sawKeyframe = true;
    }
    if (unit.payload.empty()) return;
    MediaPacket out;
    out.trackId = track.info.id;
    const std::int64_t dts = _timeline->map(track.info.id, static_cast<std::uint64_t>(*wireDts));
    const std::int64_t pts = packet.pts ? std::max(dts, _timeline->mapRelated(track.info.id, static_cast<std::uint64_t>(*packet.pts))) : dts;
    out.dts = MediaTime{dts, TsTimeline::kClockRate};
    out.pts = MediaTime{pts, TsTimeline::kClockRate};
    out.keyframe = unit.keyframe;
    out.data = std::make_shared<const std::string>(std::move(unit.payload));
    deliver(std::move(out));
}

void SrtSession::handleAudio(TrackState& track, TsDemuxer::Packet& packet) {
    const auto wirePts = packet.pts ? packet.pts : packet.dts;
    if (!wirePts) return;
    std::vector<AdtsFrame> frames;
    try {
        frames = splitAdts(packet.data);
    } catch (const std::invalid_argument& e) {
        damaged("AAC", e.what());
        return;
    }
    _consecutiveDamaged = 0;
    if (frames.empty()) return;
    const std::int64_t first = _timeline->map(track.info.id, static_cast<std::uint64_t>(*wirePts));
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const AdtsFrame& frame = frames[i];
        if (frame.audioSpecificConfig != track.info.codecConfig) {
            const bool changed = track.configured;
            track.info.codecConfig = frame.audioSpecificConfig;
            track.info.sampleRate = frame.sampleRate;
            track.info.channels = frame.channels;
            track.configured = true;
            if (changed && _publisher && _publisher->active()) {
                _logger.information("%s: AAC parameters changed mid-stream", describe());
                _publisher->updateTracks(trackInfos());
            }
        }
        MediaPacket out;
        out.trackId = track.info.id;
        // Frames after the first of one PES follow it by 1024 samples each, on the 90 kHz clock.
        const std::int64_t offset = static_cast<std::int64_t>(i) * kAacSamplesPerFrame * TsTimeline::kClockRate / frame.sampleRate;
        out.dts = out.pts = MediaTime{first + offset, TsTimeline::kClockRate};
        out.keyframe = true;
        out.data = std::make_shared<const std::string>(frame.payload);
        deliver(std::move(out));
    }
}

void SrtSession::damaged(const char* what, const std::string& why) {
    // SRT gives up packets it could not recover within the latency (too-late
    // drop), so a damaged PES is part of life on a lossy link: drop that
    // packet, keep the broadcast. Only a stream that is all damage is refused.
    ++_damagedPackets;
    if (++_consecutiveDamaged > kMaxConsecutiveDamaged)
        throw std::runtime_error(std::string("unusable ") + what + " (" + std::to_string(kMaxConsecutiveDamaged) +
                                 " damaged packets in a row): " + why);
    if (_damagedPackets == 1 || _damagedPackets % 100 == 0)
        _logger.warning("%s: dropped %d damaged %s packet(s) so far (%s); raise latencyMilliseconds if the link loses packets",
                        describe(), static_cast<int>(_damagedPackets), std::string(what), why);
}

std::vector<TrackInfo> SrtSession::trackInfos() const {
    std::vector<TrackInfo> tracks;
    if (_video && _video->configured) tracks.push_back(_video->info);
    if (_audio && _audio->configured) tracks.push_back(_audio->info);
    return tracks;
}

void SrtSession::deliver(MediaPacket packet) {
    packet.receivedAt = std::chrono::system_clock::now();
    if (!_publisher) {
        if (packet.trackId == kAudioTrack && !_sawKeyframe && _video) return;  // audio waits for the picture
        _pending.push_back(std::move(packet));
        openWhenReady(_pending.size() >= _config.maxPendingPackets);
        return;
    }
    if (!_publisher->active()) {
        _released->store(true);
        return;
    }
    const std::int64_t dts = packet.dts.ticks;
    if (packet.data) _metrics.mediaBytes.increment(static_cast<double>(packet.data->size()));
    _publisher->push(packet);
    if (dts > _resumePoint->load(std::memory_order_relaxed)) _resumePoint->store(dts, std::memory_order_relaxed);
}

void SrtSession::openWhenReady(bool force) {
    const bool videoReady = !_video || (_video->configured && _sawKeyframe);
    const bool audioReady = !_audio || _audio->configured;
    if (!(videoReady && audioReady)) {
        if (!force) return;
        if (_video && !videoReady)
            throw std::runtime_error("no H.264 keyframe with SPS/PPS arrived in " + std::to_string(_pending.size()) +
                                     " packets (set the encoder's keyframe interval to a few seconds)");
        _logger.warning("%s: the AAC stream sent no usable frame; going live without audio", describe());
        _audio.reset();
    }
    std::weak_ptr<std::atomic<bool>> released = _released;
    auto onSuperseded = [released] {
        if (auto flag = released.lock()) flag->store(true);
    };
    try {
        _publisher = _context.media().openStream(_grant, trackInfos(), "srt", onSuperseded);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("the media bus refused the stream: ") + e.what());
    }
    if (!_publisher) throw std::runtime_error("the media bus refused the stream");
    // The owner's stop (or a revoked key): flag it; the reading loop notices within a read slice.
    _publisher->setCloseHandler([released, &logger = _logger, what = describe()](const std::string& why) {
        logger.notice("%s: disconnecting the encoder: %s", what, why);
        if (auto flag = released.lock()) flag->store(true);
    });
    _metrics.publishing.add(1);
    _publishingCounted = true;
    _logger.information("%s: publishing%s (%s%s)", describe(), std::string(_grant.resumed ? ", resumed" : ""),
                        std::string(_video ? "H.264" : ""), std::string(_audio ? (_video ? " + AAC" : "AAC") : ""));
    while (!_pending.empty()) {
        MediaPacket next = std::move(_pending.front());
        _pending.pop_front();
        deliver(std::move(next));
    }
}

}  // namespace sockstream::srt
