#include "WhipPublisher.h"

#include <algorithm>
#include <utility>

#include "H264SequenceParameterSet.h"
#include "RandomRtp.h"
#include "RtcpWriter.h"
#include "RtpPacket.h"
#include "TranscodeError.h"
#include "WebRtcError.h"

namespace sockstream::webrtc {

namespace {
constexpr int kVideoTrack = 0;  // the ingest convention: 0 video, 1 audio
constexpr int kAudioTrack = 1;
constexpr auto kReportInterval = std::chrono::seconds(1);
/// A keyframe asked for after a loss is asked for again this often until it comes.
constexpr auto kLossKeyframeRetry = std::chrono::milliseconds(300);
/// How long a missing packet is waited for (NACKed on every tick meanwhile) before it counts as lost.
constexpr auto kRetransmissionWait = std::chrono::milliseconds(250);
constexpr std::size_t kMaxNackedPerTick = 64;
/// Without a first picture in this long, the publisher is not sending anything we can use.
constexpr auto kFirstPictureDeadline = std::chrono::seconds(10);
/// AAC-LC, 48 kHz, stereo (ISO/IEC 14496-3 1.6.2.1), in case the encoder gives no record.
const std::string kAacLc48kStereo("\x11\x90", 2);
}  // namespace

WhipPublisher::WhipPublisher(MediaBus& media, Poco::Logger& logger, std::shared_ptr<WhepSession> session, Setup setup)
    : _media(media),
      _logger(logger),
      _session(std::move(session)),
      _setup(std::move(setup)),
      _ourSsrc(std::max<std::uint32_t>(1, randomRtp32())),
      _timeline(_setup.startMicros),
      _created(Clock::now()) {
    if (_setup.videoIsVp8) {
        try {
            _vp8Worker = std::make_unique<Vp8TranscodeWorker>(
                _setup.vp8Transcode, [this](Vp8TranscodeWorker::Output out) { onTranscoded(std::move(out)); },
                [this](const std::string& why) { onTranscodeFailed(why); });
        } catch (const TranscodeError& error) {
            _unusable = std::string("the browser offers only VP8 video, which this server transcodes to H.264, but ") +
                        error.what();
        }
    }
    if (_setup.audioPayloadType) {
        try {
            _transcoder = std::make_unique<OpusToAac>();
            _audioConfig = _transcoder->encoderConfig();
            if (_audioConfig.empty()) _audioConfig = kAacLc48kStereo;
        } catch (const TranscodeError& error) {
            _logger.warning("%s: going live without audio: Opus cannot be transcoded to AAC here (%s)", describe(),
                            std::string(error.what()));
        }
    }
}

WhipPublisher::~WhipPublisher() { _vp8Worker.reset(); }

std::string WhipPublisher::describe() const { return "whip " + _session->id() + " room " + _setup.grant.roomId; }

void WhipPublisher::onRtp(std::string_view datagram, Clock::time_point arrival) {
    const auto packet = RtpPacket::parse(datagram);
    if (!packet) return;
    std::lock_guard lock(_mutex);
    if (_released->load()) return;
    if (_setup.videoPayloadType && packet->payloadType == *_setup.videoPayloadType) onVideo(*packet, arrival);
    else if (_setup.audioPayloadType && packet->payloadType == *_setup.audioPayloadType) onAudio(*packet, arrival);
    // Other payload types were not agreed to: dropped.
}

void WhipPublisher::onVideo(const RtpPacket& packet, Clock::time_point arrival) {
    // One SSRC per track: the first one seen is the track (no RTX was agreed to).
    if (!_videoSsrc) {
        _videoSsrc = packet.ssrc;
        _videoStats.emplace(packet.ssrc, WhipTimeline::clockRate(WhipTimeline::Video));
    }
    if (packet.ssrc != *_videoSsrc) return;
    _videoStats->onPacket(packet.sequence, packet.timestamp, arrival);
    _lastMedia = arrival;
    if (_vp8Worker) {
        for (auto& frame : _vp8Depacketizer.push(packet)) deliverVp8(frame, arrival);
    } else {
        for (auto& unit : _depacketizer.push(packet)) deliverVideo(unit, arrival);
    }
}

void WhipPublisher::onAudio(const RtpPacket& packet, Clock::time_point arrival) {
    if (!_audioSsrc) {
        _audioSsrc = packet.ssrc;
        _audioStats.emplace(packet.ssrc, WhipTimeline::clockRate(WhipTimeline::Audio));
    }
    if (packet.ssrc != *_audioSsrc) return;
    _audioStats->onPacket(packet.sequence, packet.timestamp, arrival);
    _lastMedia = arrival;
    const std::int64_t ticks = _timeline.map(WhipTimeline::Audio, packet.timestamp, arrival);
    // Audio waits for the picture: the broadcast opens at the first keyframe.
    if (!_publisher || !_transcoder || packet.payload.empty()) return;
    std::vector<EncodedAudio> frames;
    try {
        frames = _transcoder->push(packet.payload, MediaTime{ticks, WhipTimeline::clockRate(WhipTimeline::Audio)});
    } catch (const TranscodeError& error) {
        _logger.warning("%s: audio dropped from here on: %s", describe(), std::string(error.what()));
        _transcoder.reset();
        return;
    }
    for (auto& frame : frames) {
        MediaPacket out;
        out.trackId = kAudioTrack;
        out.dts = out.pts = frame.pts;
        out.keyframe = true;
        out.data = std::make_shared<const std::string>(std::move(frame.data));
        push(std::move(out));
    }
}

void WhipPublisher::deliverVideo(H264AccessUnit& unit, Clock::time_point arrival) {
    const std::int64_t ticks = _timeline.map(WhipTimeline::Video, unit.rtpTimestamp, arrival);
    deliverPicture(std::move(unit.data), ticks, unit.keyframe, _depacketizer.sequenceParameterSet(),
                   _depacketizer.pictureParameterSet(), arrival);
}

void WhipPublisher::deliverVp8(Vp8Frame& frame, Clock::time_point arrival) {
    const std::int64_t ticks = _timeline.map(WhipTimeline::Video, frame.rtpTimestamp, arrival);
    _vp8Worker->push(std::move(frame.data), ticks, frame.keyframe, arrival);
}

void WhipPublisher::onTranscoded(Vp8TranscodeWorker::Output out) {
    std::lock_guard lock(_mutex);
    if (_released->load()) return;
    for (auto& unit : out.units) deliverPicture(std::move(unit.data), unit.ticks, unit.keyframe, out.sps, out.pps, out.arrival);
}

void WhipPublisher::onTranscodeFailed(const std::string& why) {
    // The encoder would not open (e.g. a picture size x264 refuses): nothing
    // further can be shown, so the broadcast ends (at the next tick) rather than freezing.
    _logger.error("%s: VP8 to H.264 transcoding failed, ending the session: %s", describe(), why);
    std::lock_guard lock(_mutex);
    _unusable = "VP8 to H.264 transcoding failed: " + why;
}

void WhipPublisher::deliverPicture(std::string data, std::int64_t ticks, bool keyframe, const std::string& spsBytes,
                                   const std::string& ppsBytes, Clock::time_point arrival) {
    // Decode times only move forward on the bus, whatever a publisher's clock does.
    if (ticks <= _lastVideoTicks) ticks = _lastVideoTicks + 1;
    if (keyframe) _lastKeyframe = arrival;
    if (const auto config = avcDecoderConfig(spsBytes, ppsBytes); config && *config != _videoConfig) {
        _videoConfig = *config;
        // The packager's MP4 header needs the picture size, which only the SPS tells.
        if (const auto sps = parseH264SequenceParameterSet(spsBytes)) {
            _width = sps->width;
            _height = sps->height;
        }
        if (_publisher) _publisher->updateTracks(tracks());
    }
    if (!_publisher) {
        if (!keyframe || _videoConfig.empty() || _width == 0) return;  // nothing a decoder could start from
        open();
        if (!_publisher) return;
    }
    _lastVideoTicks = ticks;
    MediaPacket out;
    out.trackId = kVideoTrack;
    // Browsers' encoders send no B-frames: presentation order is decode order.
    out.dts = out.pts = MediaTime{ticks, WhipTimeline::clockRate(WhipTimeline::Video)};
    out.keyframe = keyframe;
    out.data = std::make_shared<const std::string>(std::move(data));
    _reachedMicros = std::max(_reachedMicros, out.dts.microseconds());
    push(std::move(out));
}

std::vector<TrackInfo> WhipPublisher::tracks() const {
    std::vector<TrackInfo> list;
    TrackInfo video;
    video.id = kVideoTrack;
    video.kind = MediaKind::Video;
    video.codec = Codec::H264;
    video.codecConfig = _videoConfig;
    video.width = _width;
    video.height = _height;
    video.clockRate = WhipTimeline::clockRate(WhipTimeline::Video);
    list.push_back(video);
    if (_transcoder) {
        TrackInfo audio;
        audio.id = kAudioTrack;
        audio.kind = MediaKind::Audio;
        audio.codec = Codec::AAC;
        audio.codecConfig = _audioConfig;
        audio.sampleRate = 48000;
        audio.channels = 2;
        audio.clockRate = WhipTimeline::clockRate(WhipTimeline::Audio);
        list.push_back(audio);
    }
    return list;
}

void WhipPublisher::open() {
    std::weak_ptr<std::atomic<bool>> released = _released;
    auto closed = _setup.closed;
    auto onSuperseded = [released, closed] {
        if (auto flag = released.lock()) flag->store(true);
        if (closed) closed("another connection took the broadcast over");
    };
    try {
        _publisher = _media.openStream(_setup.grant, tracks(), _setup.encoder, onSuperseded);
    } catch (const std::exception& error) {
        _logger.warning("%s: the media bus refused the stream: %s", describe(), std::string(error.what()));
        _released->store(true);
        if (closed) closed(std::string("the media bus refused the stream: ") + error.what());
        return;
    }
    if (!_publisher) return;
    _publisher->setCloseHandler([released, closed](const std::string& why) {
        if (auto flag = released.lock()) flag->store(true);
        if (closed) closed(why);
    });
    _logger.information("%s: publishing%s (%s%s)", describe(), std::string(_setup.grant.resumed ? ", resumed" : ""),
                        std::string(_vp8Worker ? "VP8 transcoded to H.264 with libx264 " + _setup.vp8Transcode.preset +
                                                     " at " + std::to_string(_setup.vp8Transcode.bitrate / 1000) + " kbit/s"
                                               : "H.264"),
                        std::string(_transcoder ? " + Opus as AAC" : ""));
}

void WhipPublisher::push(MediaPacket packet) {
    if (!_publisher->active()) {
        _released->store(true);
        return;
    }
    packet.receivedAt = std::chrono::system_clock::now();
    _publisher->push(packet);
}

void WhipPublisher::onRtcp(const RtcpCompound& compound, Clock::time_point arrival) {
    std::lock_guard lock(_mutex);
    for (const auto& report : compound.senderReports) {
        if (_videoSsrc && report.ssrc == *_videoSsrc) {
            _videoStats->onSenderReport(report, arrival);
            _timeline.onSenderReport(WhipTimeline::Video, report.ntpTime, report.rtpTimestamp);
        } else if (_audioSsrc && report.ssrc == *_audioSsrc) {
            _audioStats->onSenderReport(report, arrival);
            _timeline.onSenderReport(WhipTimeline::Audio, report.ntpTime, report.rtpTimestamp);
        }
    }
}

std::optional<std::string> WhipPublisher::tick(Clock::time_point now, DatagramBatch& out) {
    std::lock_guard lock(_mutex);
    if (_released->load()) return std::nullopt;  // the close handler ends the session
    if (_unusable) return *_unusable;
    if (_lastMedia && now - *_lastMedia > _setup.silenceTimeout)
        return "nothing received for " + std::to_string(_setup.silenceTimeout.count() / 1000) +
               " s (the browser or encoder stopped sending, or the network dropped it)";
    if (!_publisher && now - _created > kFirstPictureDeadline)
        return std::string(_vp8Worker ? "no VP8 keyframe arrived (or none could be transcoded)"
                                      : "no H.264 keyframe with SPS and PPS arrived") +
               " within " +
               std::to_string(std::chrono::duration_cast<std::chrono::seconds>(kFirstPictureDeadline).count()) + " s";
    if (!_videoSsrc) return std::nullopt;  // nothing to report on or ask for yet

    std::string compound;
    // Retransmissions: NACK what is missing for a while, then give up on it.
    const auto missing = missingVideo();
    if (missing.empty()) {
        _missingSince.reset();
    } else if (!_missingSince) {
        _missingSince = now;
    } else if (now - *_missingSince > kRetransmissionWait) {
        _feedback.lostPackets += missing.size();
        skipMissingVideo(now);
        _missingSince.reset();
    }
    const bool reportDue = now - _lastReport >= kReportInterval;
    bool keyframeDue = false;
    if (videoWantsKeyframe()) keyframeDue = now - _lastKeyframeRequest >= kLossKeyframeRetry;
    else if (_setup.keyframeInterval.count() > 0)
        keyframeDue = now - _lastKeyframe.value_or(_created) >= _setup.keyframeInterval &&
                      now - _lastKeyframeRequest >= _setup.keyframeInterval;
    const auto stillMissing = missingVideo();
    if (!reportDue && !keyframeDue && stillMissing.empty()) return std::nullopt;

    // RFC 3550 6.1: a compound packet starts with a report and carries a CNAME.
    ReceiverReport report;
    report.ssrc = _ourSsrc;
    if (_videoStats)
        if (auto block = _videoStats->reportBlock(now)) report.reports.push_back(*block);
    if (_audioStats)
        if (auto block = _audioStats->reportBlock(now)) report.reports.push_back(*block);
    appendReceiverReport(compound, report);
    appendSourceDescription(compound, _ourSsrc, "sockstream");
    if (reportDue) _lastReport = now;
    if (!stillMissing.empty()) {
        const std::size_t count = std::min(stillMissing.size(), kMaxNackedPerTick);
        appendGenericNack(compound, _ourSsrc, *_videoSsrc, std::span(stillMissing.data(), count));
        _feedback.nackedPackets += count;
    }
    if (keyframeDue) {
        appendPictureLossIndication(compound, _ourSsrc, *_videoSsrc);
        _lastKeyframeRequest = now;
        ++_keyframeRequests;
        ++_feedback.keyframeRequests;
    }
    _session->sendRtcp(std::move(compound), out);
    return std::nullopt;
}

std::vector<std::uint16_t> WhipPublisher::missingVideo() const {
    return _vp8Worker ? _vp8Depacketizer.missingSequences() : _depacketizer.missingSequences();
}

void WhipPublisher::skipMissingVideo(Clock::time_point now) {
    if (_vp8Worker) {
        for (auto& frame : _vp8Depacketizer.skipMissing()) deliverVp8(frame, now);
    } else {
        for (auto& unit : _depacketizer.skipMissing()) deliverVideo(unit, now);
    }
}

bool WhipPublisher::videoWantsKeyframe() const {
    return _vp8Worker ? _vp8Depacketizer.wantsKeyframe() || _vp8Worker->wantsKeyframe() : _depacketizer.wantsKeyframe();
}

void WhipPublisher::finish() {
    std::lock_guard lock(_mutex);
    if (_publisher && !_released->load()) _publisher->finish();
    _released->store(true);
    _publisher.reset();
}

void WhipPublisher::interrupt() {
    std::lock_guard lock(_mutex);
    if (_publisher && !_released->load()) _publisher->interrupt();
    _released->store(true);
    _publisher.reset();
}

WhipPublisher::Feedback WhipPublisher::takeFeedback() {
    std::lock_guard lock(_mutex);
    return std::exchange(_feedback, Feedback{});
}

std::int64_t WhipPublisher::reachedMicros() const {
    std::lock_guard lock(_mutex);
    return _reachedMicros;
}

}  // namespace sockstream::webrtc
