#include "WhepSession.h"

#include <algorithm>
#include <cstring>

#include "NtpTime.h"
#include "RtcpWriter.h"
#include "RtpHeader.h"

namespace sockstream::webrtc {

WhepSession::WhepSession(std::string id, std::string roomId, const DtlsCertificate& certificate,
                         std::string remoteFingerprint, std::optional<ViewerTrack> video,
                         std::optional<ViewerTrack> audio)
    : _id(std::move(id)),
      _roomId(std::move(roomId)),
      _video(video),
      _audio(audio),
      _dtls(DtlsTransport::Role::Server, certificate, std::move(remoteFingerprint)) {
    _dtls.start();
}

void WhepSession::setRemote(const TransportAddress& address) {
    std::lock_guard lock(_mutex);
    _remote = address;
}

DatagramBatch& WhepSession::emit(DatagramBatch& out, std::string bytes) {
    out.push_back({*_remote, std::move(bytes)});
    return out;
}

WhepSession::DtlsEvent WhepSession::receiveDtls(std::string_view datagram, const TransportAddress& from,
                                                DatagramBatch& out) {
    std::lock_guard lock(_mutex);
    _remote = from;
    const auto before = _dtls.state();
    _dtls.receive(datagram);
    for (auto& bytes : _dtls.takeOutgoing()) emit(out, std::move(bytes));
    const auto after = _dtls.state();
    if (before == after) return DtlsEvent::None;
    if (after == DtlsTransport::State::Failed) return DtlsEvent::Failed;
    // RFC 5764: we are the DTLS server, so we send with the server's key and
    // the viewer's RTCP arrives under the client's.
    const auto keys = _dtls.exportSrtpKeys();
    _outbound = std::make_unique<SrtpSession>(keys.profile, keys.serverKeyAndSalt, SrtpSession::Direction::Outbound);
    _inbound = std::make_unique<SrtpSession>(keys.profile, keys.clientKeyAndSalt, SrtpSession::Direction::Inbound);
    return DtlsEvent::Connected;
}

WhepSession::DtlsEvent WhepSession::onTimer(DatagramBatch& out) {
    std::lock_guard lock(_mutex);
    const auto left = _dtls.timeUntilRetransmit();
    if (!left || left->count() > 0 || !_remote) return DtlsEvent::None;
    _dtls.handleTimeout();
    for (auto& bytes : _dtls.takeOutgoing()) emit(out, std::move(bytes));
    return _dtls.state() == DtlsTransport::State::Failed ? DtlsEvent::Failed : DtlsEvent::None;
}

bool WhepSession::connected() const {
    std::lock_guard lock(_mutex);
    return _outbound != nullptr;
}

std::string WhepSession::failure() const {
    std::lock_guard lock(_mutex);
    return _dtls.failure();
}

bool WhepSession::unprotectRtcp(std::string& packet) {
    std::lock_guard lock(_mutex);
    return _inbound && _inbound->unprotectRtcp(packet);
}

bool WhepSession::unprotectRtp(std::string& packet) {
    std::lock_guard lock(_mutex);
    return _inbound && _inbound->unprotectRtp(packet);
}

bool WhepSession::sendRtp(std::string_view rtp, MediaKind kind, SendBatch& out, bool live) {
    const auto& track = kind == MediaKind::Video ? _video : _audio;
    if (!track || rtp.size() < kRtpHeaderSize || rtp.size() + kMaxSrtpRtpTag > SendBatch::kSlotBytes)
        return false;
    std::lock_guard lock(_mutex);
    if (!_outbound || !_remote) return false;
    char* copy = out.open(*_remote);
    std::memcpy(copy, rtp.data(), rtp.size());
    // The shared packet's payload type and SSRC become this viewer's; the
    // marker bit, sequence number and timestamp stay as packetized.
    copy[1] = static_cast<char>((copy[1] & 0x80) | (track->payloadType & 0x7F));
    for (int i = 0; i < 4; ++i) copy[8 + i] = static_cast<char>((track->ssrc >> (24 - 8 * i)) & 0xFF);
    const std::size_t length = _outbound->protectRtp(copy, rtp.size(), SendBatch::kSlotBytes);
    out.commit(length);
    if (!length) return false;
    SendStats& stats = kind == MediaKind::Video ? _videoStats : _audioStats;
    ++stats.packets;
    stats.octets += static_cast<std::uint32_t>(rtp.size() - kRtpHeaderSize);
    if (!live) return true;
    stats.any = true;
    stats.lastTimestamp = 0;
    for (int i = 4; i < 8; ++i) stats.lastTimestamp = (stats.lastTimestamp << 8) | static_cast<unsigned char>(rtp[i]);
    stats.lastSentAt = std::chrono::system_clock::now();
    return true;
}

void WhepSession::sendReports(std::chrono::system_clock::time_point now, DatagramBatch& out) {
    std::lock_guard lock(_mutex);
    if (!_outbound || !_remote) return;
    const auto report = [&](const SendStats& stats, const std::optional<ViewerTrack>& track, std::int64_t clockRate) {
        if (!stats.any || !track) return;
        SenderReport sr;
        sr.ssrc = track->ssrc;
        sr.ntpTime = ntpTime(now);
        // The last packet's timestamp moved on by the wall time since it left:
        // both tracks map the same way, which is what lip sync needs.
        const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(now - stats.lastSentAt).count();
        sr.rtpTimestamp = stats.lastTimestamp + static_cast<std::uint32_t>(elapsed * clockRate / 1'000'000);
        sr.packetCount = stats.packets;
        sr.octetCount = stats.octets;
        std::string compound;
        appendSenderReport(compound, sr);
        appendSourceDescription(compound, track->ssrc, "sockstream");
        if (_outbound->protectRtcp(compound)) emit(out, std::move(compound));
    };
    report(_videoStats, _video, 90000);
    report(_audioStats, _audio, 48000);
}

bool WhepSession::mayResendKeyframe(std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(_mutex);
    if (now - _lastKeyframeResend < std::chrono::seconds(1)) return false;
    _lastKeyframeResend = now;
    return true;
}

std::size_t WhepSession::retransmissionsAllowed(std::chrono::steady_clock::time_point now, std::size_t wanted) {
    std::lock_guard lock(_mutex);
    if (now - _retransmissionWindow >= std::chrono::seconds(1)) {
        _retransmissionWindow = now;
        _retransmissionsInWindow = 0;
    }
    const std::size_t allowed = std::min(wanted, kRetransmissionsPerSecond - _retransmissionsInWindow);
    _retransmissionsInWindow += allowed;
    return allowed;
}

bool WhepSession::sendRtcp(std::string rtcp, DatagramBatch& out) {
    std::lock_guard lock(_mutex);
    if (!_outbound || !_remote || !_outbound->protectRtcp(rtcp)) return false;
    emit(out, std::move(rtcp));
    return true;
}

}  // namespace sockstream::webrtc
