#include "RtmpConnection.h"

#include "../protocol/RtmpError.h"
#include "RtmpRefusal.h"

namespace sockstream::rtmp {

namespace {
// Where a resumed broadcast continues: one frame after where it stopped.
constexpr std::int64_t kResumeGapMs = 33;
}  // namespace

RtmpConnection::RtmpConnection(PluginContext& context, const RtmpConfig& config, RtmpMetrics& metrics,
                               BroadcastTimelines& timelines)
    : _context(context),
      _config(config),
      _metrics(metrics),
      _timelines(timelines),
      _logger(context.logger()),
      _session(config.limits, config.application, *this) {}

std::string RtmpConnection::describe() const {
    std::string text = "rtmp " + _remote;
    if (!_grant.roomId.empty()) text += " room " + _grant.roomId;
    return text;
}

void RtmpConnection::onOpen(std::shared_ptr<StreamConnection> connection) {
    std::lock_guard lock(_mutex);
    _connection = std::move(connection);
    _remote = _connection->remoteAddress();
    _metrics.accepted.increment();
    _metrics.connections.add(1);
    _counted = true;
    std::weak_ptr<RtmpConnection> weak = shared_from_this();
    _deadline = _context.scheduler().after(
        std::chrono::duration_cast<std::chrono::milliseconds>(_config.limits.handshakeTimeout), [weak] {
            if (auto self = weak.lock()) self->onHandshakeDeadline();
        });
}

void RtmpConnection::onHandshakeDeadline() {
    std::lock_guard lock(_mutex);
    if (_closed) return;
    const auto state = _session.state();
    if (state == RtmpSession::State::Handshake || state == RtmpSession::State::Connecting ||
        state == RtmpSession::State::Connected)
        closeForError("no publish within the handshake timeout");
}

void RtmpConnection::onData(const std::uint8_t* data, std::size_t size) {
    std::lock_guard lock(_mutex);
    if (_closed) return;
    if (_superseded) {
        closeForError("superseded by a reconnecting encoder");
        return;
    }
    try {
        _session.feed(data, size);
    } catch (const RtmpError& e) {
        _metrics.protocolErrors.increment();
        closeForError(e.what());
    } catch (const std::exception& e) {
        closeForError(std::string("internal error: ") + e.what());
    }
}

void RtmpConnection::onClose() {
    std::lock_guard lock(_mutex);
    _closed = true;
    if (_counted) _metrics.connections.add(-1);
    if (_publishingCounted) _metrics.publishing.add(-1);
    _counted = _publishingCounted = false;
    if (_deadline) _deadline->cancel();
    if (_publisher && !_finished && !_superseded) {
        _logger.information("%s: connection lost, broadcast interrupted", describe());
        _publisher->interrupt();
    }
    _publisher.reset();
    _connection.reset();
}

void RtmpConnection::closeForError(const std::string& why) {
    _logger.warning("%s: closing connection: %s", describe(), why);
    _closed = true;
    if (_connection) _connection->close();
}

void RtmpConnection::sendBytes(std::string bytes) {
    if (_connection) _connection->send(std::move(bytes));
}

void RtmpConnection::publishRequested(const std::string& streamKey) {
    auto self = shared_from_this();
    // The key check reads the database: off the I/O thread, and never logged.
    _context.scheduler().postBlocking([self, streamKey] {
        PublishDecision decision;
        try {
            decision = self->_context.rooms().authorizePublish(streamKey);
        } catch (const std::exception& e) {
            decision.allowed = false;
            decision.refusal = PublishRefusal::CheckFailed;
            decision.reason = "the stream key could not be checked";
            self->_logger.error("rtmp %s: stream key check failed: %s", self->_remote, std::string(e.what()));
        }
        self->applyDecision(decision);
    });
}

void RtmpConnection::applyDecision(const PublishDecision& decision) {
    std::lock_guard lock(_mutex);
    if (_closed) return;
    try {
        if (decision.allowed) {
            _grant = decision.grant;
            _timeline = _timelines.timeline(_grant.broadcastId);
            const std::int64_t reached = _timeline->load();
            if (_grant.resumed && reached >= 0) _session.continueTimelineAt(reached + kResumeGapMs);
            _logger.information("%s: publishing%s", describe(), std::string(_grant.resumed ? " (resumed)" : ""));
            // A valid key: the core keeps this connection's place when half-open ones crowd the listener.
            if (_connection) _connection->markEstablished();
            _session.acceptPublish();
        } else {
            _metrics.refused.increment();
            _logger.notice("rtmp %s: publish refused (%s): %s", _remote,
                           std::string(publishRefusalName(decision.refusal)), decision.reason);
            const RtmpRefusal answer = rtmpRefusal(decision.refusal);
            _session.refusePublish(answer.statusCode, answer.description);
        }
    } catch (const RtmpError& e) {
        closeForError(e.what());
    } catch (const std::exception& e) {
        closeForError(std::string("internal error: ") + e.what());
    }
}

void RtmpConnection::openStream(std::vector<TrackInfo> tracks, const std::string& encoder) {
    std::weak_ptr<RtmpConnection> weak = shared_from_this();
    std::weak_ptr<StreamConnection> connection = _connection;
    // Runs on the new connection's thread: only flag and close, never lock.
    auto onSuperseded = [weak, connection] {
        if (auto self = weak.lock()) self->_superseded = true;
        if (auto c = connection.lock()) c->close();
    };
    try {
        _publisher = _context.media().openStream(_grant, std::move(tracks), encoder, onSuperseded);
    } catch (const std::exception& e) {
        throw RtmpError(std::string("the media bus refused the stream: ") + e.what());
    }
    if (!_publisher) throw RtmpError("the media bus refused the stream");
    // The owner's stop (or a revoked key): like a takeover, flag and close, never lock.
    _publisher->setCloseHandler([weak, connection, &logger = _logger, what = describe()](const std::string& why) {
        logger.notice("%s: disconnecting the encoder: %s", what, why);
        if (auto self = weak.lock()) self->_superseded = true;
        if (auto c = connection.lock()) c->close();
    });
    _metrics.publishing.add(1);
    _publishingCounted = true;
}

void RtmpConnection::updateTracks(std::vector<TrackInfo> tracks) {
    if (_publisher && _publisher->active()) _publisher->updateTracks(std::move(tracks));
}

void RtmpConnection::pushPacket(const MediaPacket& packet) {
    if (!_publisher) return;
    if (!_publisher->active()) {
        _superseded = true;
        throw RtmpError("superseded by a reconnecting encoder");
    }
    _publisher->push(packet);
    if (_timeline && packet.dts.milliseconds() > _timeline->load(std::memory_order_relaxed))
        _timeline->store(packet.dts.milliseconds(), std::memory_order_relaxed);
    if (packet.data) _metrics.mediaBytes.increment(static_cast<double>(packet.data->size()));
}

void RtmpConnection::unpublished() {
    _logger.information("%s: unpublished", describe());
    if (_publisher && _publisher->active()) _publisher->finish();
    if (_publishingCounted) _metrics.publishing.add(-1);
    _publishingCounted = false;
    _finished = true;
    _timelines.forget(_grant.broadcastId);
    _publisher.reset();
}

void RtmpConnection::closeRequested(const std::string& why) {
    _logger.information("%s: closing: %s", describe(), why);
    _closed = true;
    if (_connection) _connection->close();
}

}  // namespace sockstream::rtmp
