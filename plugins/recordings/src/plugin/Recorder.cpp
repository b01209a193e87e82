#include "Recorder.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "RecordingId.h"

namespace sockstream::recordings {

namespace {

std::int64_t unixMs(std::chrono::system_clock::time_point time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

std::int64_t nowMs() { return unixMs(std::chrono::system_clock::now()); }

/// A sample's duration when nothing better is known yet: one frame or one AAC frame.
std::int64_t guessedDuration(const TrackInfo& track, std::int32_t rate) {
    if (track.kind == MediaKind::Video) {
        const double fps = track.frameRate > 1 ? track.frameRate : 30.0;
        return static_cast<std::int64_t>(rate / fps);
    }
    const int sampleRate = track.sampleRate > 0 ? track.sampleRate : 48000;
    return static_cast<std::int64_t>(1024LL * rate / sampleRate);
}

bool sameTracks(const std::vector<TrackInfo>& a, const std::vector<TrackInfo>& b) {
    auto carried = [](const std::vector<TrackInfo>& tracks) {
        std::map<int, std::pair<Codec, std::string>> out;
        for (const auto& t : tracks)
            if (FragmentMuxer::carries(t)) out[t.id] = {t.codec, t.codecConfig};
        return out;
    };
    return carried(a) == carried(b);
}

}  // namespace

Recorder::Recorder(RecordingStore& store, Poco::Logger& logger, const RecordingsConfig& config, const StreamInfo& info,
                   std::string title, bool listed)
    : _store(store), _logger(logger), _config(config), _info(info) {
    _row.id = newRecordingId();
    _row.roomId = info.roomId;
    _row.broadcastId = info.broadcastId;
    _row.title = std::move(title);
    _row.listed = listed;
    _folder = std::filesystem::path(config.directory) / _row.id;
    for (const auto& track : info.tracks) _hasVideo = _hasVideo || track.kind == MediaKind::Video;
}

Recorder::~Recorder() {
    if (_file >= 0) ::close(_file);
}

bool Recorder::continuesWith(const StreamInfo& info) const {
    return !_muxer || sameTracks(_info.tracks, info.tracks);
}

void Recorder::onTracks(const StreamInfo& info) {
    if (!_muxer) {
        _info.tracks = info.tracks;
        _hasVideo = false;
        for (const auto& track : info.tracks) _hasVideo = _hasVideo || track.kind == MediaKind::Video;
    }
}

bool Recorder::readyToStart() const {
    // Wait (a little) for every track's configuration, so audio is not left out
    // because its sequence header came after the first keyframe.
    if (_waitedPackets > 200) return true;
    for (const auto& track : _info.tracks)
        if (track.codec != Codec::Unknown && track.codec != Codec::Opus && !FragmentMuxer::carries(track)) return false;
    return true;
}

void Recorder::startMuxer(const MediaPacket& first) {
    _muxer = std::make_unique<FragmentMuxer>(_info.tracks);
    std::filesystem::create_directories(_folder);
    const auto media = (_folder / "media.mp4").string();
    _file = ::open(media.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (_file < 0) throw std::runtime_error("cannot create " + media + ": " + std::strerror(errno));
    _row.startedAtMs = unixMs(first.receivedAt);
    _store.insert(_row);
    if (!append(_muxer->initSection())) return;
    _row.initBytes = _fileSize;
    _row.sizeBytes = _fileSize;
    _store.setInit(_row.id, _row.initBytes);
    _logger.information("recordings: recording %s started for room %s (%s)", _row.id, _row.roomId, media);
}

bool Recorder::append(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t written = ::pwrite(_file, bytes.data() + done, bytes.size() - done,
                                         static_cast<off_t>(_fileSize + static_cast<std::int64_t>(done)));
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) {
            const int error = written < 0 ? errno : ENOSPC;
            // What was half written is not indexed; cut it off so the file ends at the last whole fragment.
            if (::ftruncate(_file, static_cast<off_t>(_fileSize)) != 0) {
            }
            stop(error == ENOSPC || error == EDQUOT ? "the recordings disk is full"
                                                    : std::string("writing the recording failed: ") + std::strerror(error));
            return false;
        }
        done += static_cast<std::size_t>(written);
    }
    _fileSize += static_cast<std::int64_t>(bytes.size());
    return true;
}

void Recorder::onPacket(const MediaPacket& packet) {
    if (_stopped || _finished || !packet.data) return;
    const TrackInfo* track = _info.track(packet.trackId);
    if (!track) return;
    const bool video = track->kind == MediaKind::Video;
    if (_awaitingKeyframe) {
        if (_hasVideo && !(video && packet.keyframe)) return;
        if (!_muxer) {
            ++_waitedPackets;
            if (!readyToStart()) return;
            try {
                startMuxer(packet);
            } catch (const std::exception& e) {
                stop(std::string("the recording could not start: ") + e.what());
                return;
            }
            if (_stopped) return;
        }
        if (!_muxer->hasTrack(packet.trackId)) return;
        _awaitingKeyframe = false;
        ++_piece;
        // Each piece continues where the last one ended, whatever the encoder's clock says after a reconnect.
        _pieceOffsetUs = _endUs - packet.dts.microseconds();
        _pieceStartUs = _endUs;
        _segmentStartUs = _endUs;
        _segmentWallMs = unixMs(packet.receivedAt);
        _segmentHasSamples = false;
        _clocks.clear();
    }
    if (!_muxer->hasTrack(packet.trackId)) return;
    const std::int64_t atUs = packet.dts.microseconds() + _pieceOffsetUs;
    if (atUs < _pieceStartUs) return;  // audio from before the piece's first keyframe

    const bool boundary = _hasVideo ? (video && packet.keyframe) : true;
    if (boundary && _segmentHasSamples && atUs - _segmentStartUs >= _config.segmentTarget.count() * 1000) {
        cutSegment(atUs);
        if (_stopped) return;
        _segmentStartUs = atUs;
        _segmentWallMs = unixMs(packet.receivedAt);
    }

    const std::int32_t rate = packet.dts.rate;
    const std::int64_t offset = MediaTime{_pieceOffsetUs, MediaTime::kMicrosecondRate}.nearestAt(rate);
    const std::int64_t dts = packet.dts.ticks + offset;
    const std::int64_t pts = packet.pts.nearestAt(rate) + offset;
    TrackClock& clock = _clocks[packet.trackId];
    if (clock.seen && dts > clock.lastDts) clock.lastDelta = dts - clock.lastDts;
    if (clock.seen && dts < clock.lastDts) return;  // the muxer refuses time going back
    clock.lastDts = dts;
    clock.seen = true;
    const std::int64_t duration = clock.lastDelta > 0 ? clock.lastDelta : guessedDuration(*track, rate);
    try {
        _muxer->write(packet.trackId, dts, pts, duration, rate, packet.keyframe, *packet.data);
    } catch (const std::exception& e) {
        stop(std::string("the recording could not be written: ") + e.what());
        return;
    }
    _segmentHasSamples = true;
    _endUs = std::max(_endUs, MediaTime{dts + duration, rate}.microseconds());
    if (video && packet.keyframe && !_posterDone) writePoster(packet);
}

void Recorder::cutSegment(std::int64_t nextStartUs) {
    if (!_muxer || !_segmentHasSamples) return;
    std::string bytes;
    try {
        bytes = _muxer->cut();
    } catch (const std::exception& e) {
        stop(std::string("the recording could not be written: ") + e.what());
        return;
    }
    if (bytes.empty()) return;
    const std::int64_t offset = _fileSize;
    if (!append(bytes)) return;
    SegmentEntry segment;
    segment.sequence = _sequence++;
    segment.piece = _piece;
    segment.mediaStartSec = static_cast<double>(_segmentStartUs) / 1e6;
    segment.durationSec = static_cast<double>(std::max<std::int64_t>(nextStartUs - _segmentStartUs, 1000)) / 1e6;
    segment.byteOffset = offset;
    segment.byteSize = static_cast<std::int64_t>(bytes.size());
    segment.wallClockMs = _segmentWallMs;
    _segmentHasSamples = false;
    _row.sizeBytes = _fileSize;
    _row.durationMs = (_segmentStartUs + static_cast<std::int64_t>(segment.durationSec * 1e6)) / 1000;
    try {
        _store.addSegment(_row.id, segment, _row.sizeBytes, _row.durationMs);
    } catch (const std::exception& e) {
        stop(std::string("the recording index could not be written: ") + e.what());
        return;
    }
    if (_config.roomQuotaBytes > 0 && _row.sizeBytes > _config.roomQuotaBytes)
        stop("the recording reached the room's quota of " + std::to_string(static_cast<long long>(_config.roomQuotaMiB)) +
             " MiB");
}

void Recorder::onInterrupted() {
    if (_stopped || _finished || !_muxer) return;
    cutSegment(_endUs);
    _awaitingKeyframe = true;
}

void Recorder::stop(const std::string& reason) {
    if (_stopped || _finished) return;
    _stopped = true;
    _logger.warning("recordings: recording %s of room %s stopped: %s (the live broadcast goes on)", _row.id,
                    _row.roomId, reason);
    finish("stopped", reason);
}

void Recorder::finish(const std::string& state, const std::string& reason) {
    if (_finished) return;
    if (state != "stopped" && _muxer && !_stopped) {
        cutSegment(_endUs);
        if (_finished) return;  // the last cut failed and stopped the recording with its reason
    }
    _finished = true;
    if (_file >= 0) {
        ::close(_file);
        _file = -1;
    }
    if (!_muxer) return;  // nothing was ever written or indexed
    try {
        _store.finish(_row.id, _stopped ? "stopped" : state, reason, nowMs());
    } catch (const std::exception& e) {
        _logger.error("recordings: recording %s could not be marked %s: %s", _row.id, state, std::string(e.what()));
    }
    if (!_stopped)
        _logger.information("recordings: recording %s of room %s %s (%s ms, %s bytes)", _row.id, _row.roomId, state,
                            std::to_string(_row.durationMs), std::to_string(_row.sizeBytes));
}

void Recorder::writePoster(const MediaPacket&) {
    _posterDone = true;
}

}  // namespace sockstream::recordings
