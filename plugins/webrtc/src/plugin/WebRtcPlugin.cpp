#include "WebRtcPlugin.h"

#include <Poco/JSON/Object.h>

#include "RtcpParser.h"
#include "WhepProtocol.h"
#include "WhipEndpoint.h"
#include "sockstream/SockStream.h"

namespace sockstream::webrtc {

void WebRtcPlugin::init(PluginContext& context) {
    _context = &context;
    _config = WebRtcConfig::fromJson(context.config());
    _metrics.emplace(context.metrics());
    _certificate = DtlsCertificate::generate();
    _sessions = std::make_unique<SessionRegistry>(SessionRegistry::Limits{
        _config.maxSessions, _config.maxSessionsPerAddress, _config.connectTimeout, _config.idleTimeout});
    StreamFeed::Limits limits;
    limits.maxKeyframeGroupPackets = _config.maxKeyframeGroupPackets;
    limits.historyPackets = _config.retransmissionHistoryPackets;
    limits.catchUpRateMultiplier = _config.catchUpRateMultiplier;
    _feeds = std::make_unique<FeedRegistry>(limits);
    _catchUpTick = limits.catchUpTick;
    MediaPort::Events events;
    events.connected = [this](const auto& session) { onConnected(session); };
    events.rtcp = [this](const auto& session, const std::string& packet) { onRtcp(session, packet); };
    events.rtp = [this](const auto& session, std::string& packet) { onRtp(session, packet); };
    events.ended = [this](const SessionRegistry::Entry& entry, const std::string& why) { release(entry, why); };
    _port = std::make_unique<MediaPort>(_config, *_sessions, context.logger(), std::move(events));
    _port->open();  // a port in use is a start-up error, in words

    _observer = std::make_shared<WebRtcObserver>(*_feeds, *_port, context.rooms(), context.events(), context.logger(),
                                                 [this](const std::string& roomId, const std::string& why) {
                                                     endRoom(roomId, why);
                                                 });
    context.media().addObserver(_observer);
    _routes = std::make_unique<WhepRoutes>(WhepRoutes::Services{
        _config, *_certificate, *_feeds, *_sessions, *_port, context.rooms(), context.media(), context.logger(),
        [this](const SessionRegistry::Entry& entry, const std::string& why) { release(entry, why); }});
    _routes->install(context.http());
    _whipRoutes = std::make_unique<WhipRoutes>(WhipRoutes::Services{
        _config, *_certificate, *_sessions, _publishers, *_port, context.rooms(), context.media(), context.logger(),
        // The bus's close handler must not block: the session ends on the scheduler.
        [this](const std::string& sessionId, const std::string& why) {
            _context->scheduler().post([this, sessionId, why] { _port->end(sessionId, why); });
        },
        [this](const SessionRegistry::Entry& entry, const std::string& why) { release(entry, why); }});
    _whipRoutes->install(context.http());

    context.metrics().gaugeCallback("webrtc_sessions", "WHEP sessions (connecting and connected)",
                                    [this] { return static_cast<double>(_sessions->size()); });
    context.metrics().gaugeCallback("webrtc_dropped_datagrams", "Datagrams the UDP socket could not take",
                                    [this] { return static_cast<double>(_port->droppedDatagrams()); });
    context.metrics().gaugeCallback("webrtc_tcp_connections", "ICE-TCP connections (connecting and carrying a session)",
                                    [this] { return static_cast<double>(_port->tcpConnections()); });
    context.metrics().gaugeCallback("webrtc_tcp_dropped_packets",
                                    "Packets for ICE-TCP peers dropped (a slow peer's full send queue, a closed connection)",
                                    [this] { return static_cast<double>(_port->tcpDroppedPackets()); });

    Poco::JSON::Object feature;
    feature.set("enabled", true);
    feature.set("whep", kWhepUrlTemplate);
    feature.set("udpPort", static_cast<int>(_port->localPort()));
    if (_port->tcpPort()) feature.set("tcpPort", static_cast<int>(_port->tcpPort()));  // absent: ICE-TCP off
    feature.set("trickleIce", false);
    feature.set("whip", kWhipPath);
    context.declareFeature(feature);
    // WHIP publishers (OBS 30+, browsers) send the key as a Bearer token: declared so "Prepare to stream" shows it.
    // Once listening, as the rtmp plugin declares its own: the ways in are then listed in
    // plugin order (RTMP, the default, first as shipped) rather than init before start.
    context.whenListening([&context] { context.declareIngest(whipIngestEndpoint(context.settings())); });

    PlaybackEndpoint playback;
    playback.protocol = kWhepProtocol;
    playback.urlTemplate = kWhepUrlTemplate;
    playback.mimeType = kSdpMimeType;
    playback.latency = kLatencyRealtime;
    context.declarePlayback(playback);
    context.logger().information("webrtc: WHEP on UDP %s:%d, candidate %s:%d", _config.bindAddress, static_cast<int>(_port->localPort()),
                                 _config.candidateAddress, static_cast<int>(_port->candidatePort()));
    if (_port->tcpPort())
        context.logger().information("webrtc: ICE-TCP on TCP %s:%d (the fallback where UDP is blocked)",
                                     _config.bindAddress, static_cast<int>(_port->tcpPort()));
}

void WebRtcPlugin::start() {
    _port->start();
    // Sender reports (RFC 3550 6.2: about once a second at our session sizes)
    // let the browser line audio up with video and measure the round trip.
    _reports = _context->scheduler().every(std::chrono::seconds(1), [this] {
        DatagramBatch batch;
        const auto now = std::chrono::system_clock::now();
        for (const auto& session : _sessions->sessions()) session->sendReports(now, batch);
        _port->send(batch);
    });
    // Catch-ups (a new viewer's or a PLI's keyframe group), a few packets a
    // tick each; a tick without one costs a lock and a look at each feed.
    _catchUpTicks = _context->scheduler().every(_catchUpTick, [this] { paceCatchUps(); });
    // WHIP publishers: receiver reports, NACKs and keyframe requests, and silence.
    _publisherTicks = _context->scheduler().every(std::chrono::milliseconds(100), [this] { tickPublishers(); });
}

void WebRtcPlugin::stop() {
    if (_reports) _reports->cancel();
    _reports.reset();
    if (_publisherTicks) _publisherTicks->cancel();
    _publisherTicks.reset();
    if (_catchUpTicks) _catchUpTicks->cancel();
    _catchUpTicks.reset();
    if (_port) _port->stop();
    if (_sessions)
        for (auto& entry : _sessions->removeAll()) release(entry, "the server is stopping");
}

void WebRtcPlugin::release(const SessionRegistry::Entry& entry, const std::string& why) {
    _port->removeIce(entry.id);
    if (entry.role == SessionRegistry::Role::Publisher) {
        // A lost connection, not the end: the broadcast may resume within the
        // grace window (DELETE finished it already, then this does nothing).
        if (auto publisher = _publishers.remove(entry.id)) publisher->interrupt();
        _context->logger().information("webrtc: WHIP session %s of room %s ended: %s", entry.id, entry.roomId, why);
        return;
    }
    if (auto feed = _feeds->find(entry.roomId)) feed->detach(entry.id);
    _context->logger().information("webrtc: session %s of room %s ended: %s", entry.id, entry.roomId, why);
}

void WebRtcPlugin::endRoom(const std::string& roomId, const std::string& why) {
    for (auto& entry : _sessions->removeRoom(roomId)) release(entry, why);
}

void WebRtcPlugin::onConnected(const std::shared_ptr<WhepSession>& session) {
    if (_publishers.find(session->id())) return;  // a publisher gets nothing but RTCP
    auto feed = _feeds->find(session->roomId());
    if (!feed) return;
    auto batch = _port->mediaBatch();
    feed->attach(session, batch);
    batch.flush();
}

void WebRtcPlugin::onRtcp(const std::shared_ptr<WhepSession>& session, const std::string& packet) {
    // Receiver reports only keep the session alive (MediaPort marked it heard);
    // NACKs and keyframe requests are answered from the room's feed.
    const auto compound = parseRtcpCompound(packet);
    if (!compound) return;
    if (auto publisher = _publishers.find(session->id())) {
        publisher->onRtcp(*compound, std::chrono::steady_clock::now());
        return;
    }
    auto feed = _feeds->find(session->roomId());
    const auto video = session->video();
    if (!feed || !video) return;
    const auto now = std::chrono::steady_clock::now();
    auto batch = _port->mediaBatch();
    for (const auto& nack : compound->nacks) {
        if (nack.mediaSsrc != video->ssrc) continue;
        const auto allowed = session->retransmissionsAllowed(now, nack.sequences.size());
        const std::vector<std::uint16_t> sequences(nack.sequences.begin(), nack.sequences.begin() + allowed);
        _metrics->nacksReceived.increment(static_cast<double>(nack.sequences.size()));
        _metrics->retransmitted.increment(static_cast<double>(feed->retransmit(*session, sequences, batch)));
    }
    bool keyframeWanted = false;
    for (const auto& pli : compound->pictureLosses) keyframeWanted |= pli.mediaSsrc == video->ssrc;
    for (const auto& fir : compound->fullIntraRequests)
        for (const auto& entry : fir.entries) keyframeWanted |= entry.ssrc == video->ssrc;
    if (keyframeWanted) _metrics->keyframeRequestsReceived.increment();
    if (keyframeWanted && session->mayResendKeyframe(now) && feed->resendKeyframe(*session, batch))
        _metrics->keyframeResends.increment();
    batch.flush();
}

void WebRtcPlugin::onRtp(const std::shared_ptr<WhepSession>& session, const std::string& packet) {
    // Only publishers send media; a viewer's RTP (it agreed to receive only) is dropped.
    if (auto publisher = _publishers.find(session->id())) publisher->onRtp(packet, std::chrono::steady_clock::now());
}

void WebRtcPlugin::paceCatchUps() {
    const auto feeds = _feeds->catchingUp();
    if (feeds.empty()) return;
    auto batch = _port->mediaBatch();
    for (const auto& feed : feeds) feed->pace(batch);
    batch.flush();
}

void WebRtcPlugin::tickPublishers() {
    const auto now = std::chrono::steady_clock::now();
    DatagramBatch batch;
    for (const auto& publisher : _publishers.all()) {
        const auto ending = publisher->tick(now, batch);
        const auto feedback = publisher->takeFeedback();
        _metrics->publisherNacks.increment(static_cast<double>(feedback.nackedPackets));
        _metrics->publisherKeyframeRequests.increment(static_cast<double>(feedback.keyframeRequests));
        _metrics->publisherLost.increment(static_cast<double>(feedback.lostPackets));
        _port->send(batch);
        if (ending) _port->end(publisher->sessionId(), *ending);
    }
}

}  // namespace sockstream::webrtc

SOCKSTREAM_PLUGIN(sockstream::webrtc::WebRtcPlugin)
