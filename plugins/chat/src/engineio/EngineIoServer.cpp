#include "engineio/EngineIoServer.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <Poco/Logger.h>
#include <nlohmann/json.hpp>

#include "engineio/EngineListener.h"
#include "engineio/EngineWebSocket.h"
#include "engineio/RefusedWebSocket.h"
#include "protocol/ProtocolError.h"
#include "sockstream/http/HttpRouter.h"
#include "sockstream/identity/Identity.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/util/Random.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::chat {

namespace {

// Engine.IO's error codes, answered as {"code":n,"message":"..."}.
constexpr int kTransportUnknown = 0;
constexpr int kSessionIdUnknown = 1;
constexpr int kBadHandshakeMethod = 2;
constexpr int kBadRequest = 3;
constexpr int kForbidden = 4;
constexpr int kUnsupportedProtocolVersion = 5;

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

constexpr std::int64_t kOriginLogIntervalMs = 10 * 60 * 1000;
constexpr std::size_t kMaxOriginsLogged = 256;

/// A viewer id a browser may present: what identifyViewer hands out (or the
/// like), nothing that could smuggle anything into a log or a key.
bool plausibleViewerId(const std::string& id) {
    if (id.size() < 16 || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

/// An Origin header as a log line may show it.
std::string printable(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, 200)) out.push_back(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
    return out;
}

}  // namespace

EngineIoServer::EngineIoServer(PluginContext& context, const ChatConfig& config)
    : _context(context), _config(config), _wheel(nowMs()) {
    _limits.maxPayloadBytes = config.maxPayload;
}

std::int64_t EngineIoServer::nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void EngineIoServer::registerRoutes() {
    std::weak_ptr<EngineIoServer> weak = weak_from_this();
    auto get = [weak](const HttpRequest& request, HttpResponder responder) {
        if (auto self = weak.lock()) self->handleGet(request, std::move(responder));
        else responder.send(HttpResponse::error(503, "unavailable", "chat is stopping"));
    };
    auto post = [weak](const HttpRequest& request, HttpResponder responder) {
        if (auto self = weak.lock()) self->handlePost(request, std::move(responder));
        else responder.send(HttpResponse::error(503, "unavailable", "chat is stopping"));
    };
    auto other = [weak](const HttpRequest& request, HttpResponder responder) {
        if (auto self = weak.lock()) self->handleOtherMethod(request, std::move(responder));
        else responder.send(HttpResponse::error(503, "unavailable", "chat is stopping"));
    };
    // Clients ask for "/socket.io/"; accept the path without its slash too, in
    // case the router tells them apart (a duplicate registration is harmless).
    for (const char* path : {"/socket.io/", "/socket.io"}) {
        try {
            _context.http().addAsync("GET", path, get);
            _context.http().addAsync("POST", path, post);
            // Otherwise the router would answer 405; clients expect engine.io's 400 with its code.
            for (const char* method : {"PUT", "DELETE", "PATCH"}) _context.http().addAsync(method, path, other);
        } catch (const std::exception& e) {
            _context.logger().debug(std::string("chat: route ") + path + " not added: " + e.what());
        }
    }
}

void EngineIoServer::start() {
    std::weak_ptr<EngineIoServer> weak = weak_from_this();
    _sweepTimer = _context.scheduler().every(std::chrono::milliseconds(1000), [weak] {
        if (auto self = weak.lock()) self->sweep();
    });
}

void EngineIoServer::stop() {
    if (_sweepTimer) _sweepTimer->cancel();
    std::vector<EngineSessionPtr> sessions;
    {
        std::lock_guard lock(_mutex);
        _stopped = true;  // before the wheel's timer goes: nothing arms it again
        if (_wheelTimer) _wheelTimer->cancel();
        _wheelTimer.reset();
        for (auto& [sid, session] : _sessions) sessions.push_back(session);
        for (auto& session : sessions) closeSession(session, "server stopping");
    }
}

void EngineIoServer::sendError(const HttpResponder& responder, int status, int code, const std::string& message) {
    HttpResponse response(status);
    response.setBody(nlohmann::json{{"code", code}, {"message", message}}.dump(), "application/json");
    responder.send(std::move(response));
}

std::string EngineIoServer::originRefusal(const std::string& origin) {
    return "Chat is not available to pages at " + origin +
           ": this server accepts chat only from its own address. The operator can allow this address with "
           "server.publicUrl or server.allowedOrigins.";
}

bool EngineIoServer::originAllowed(const HttpRequest& request) {
    // One policy for the whole server: the core's (server.publicUrl,
    // server.allowedOrigins, and the request's own Host, so a site opened by
    // IP works). A request without Origin is no browser's cross-site request.
    if (!_context.http().crossSite(request)) return true;
    const std::string origin = printable(request.header("Origin").value_or(request.header("Referer").value_or("?")));
    const std::int64_t now = nowMs();
    {
        std::lock_guard lock(_originLogMutex);
        if (_originLogged.size() >= kMaxOriginsLogged) _originLogged.clear();
        auto [it, fresh] = _originLogged.try_emplace(origin, now);
        if (!fresh && now - it->second < kOriginLogIntervalMs) return false;
        it->second = now;
    }
    const auto& settings = _context.settings();
    _context.logger().warning("chat: refused a page at origin \"" + origin + "\" (Host \"" +
                              printable(request.header("Host").value_or("")) +
                              "\"): it is neither server.publicUrl (\"" + settings.publicUrl +
                              "\") nor in server.allowedOrigins. If people open the site at that address, set "
                              "server.publicUrl to it or add it to server.allowedOrigins; until then its chat is "
                              "refused (logged once per origin every 10 minutes)");
    return false;
}

std::string EngineIoServer::openPacket(const std::string& sid, bool webSocket) const {
    nlohmann::json open = {
        {"sid", sid},
        {"upgrades", webSocket ? nlohmann::json::array() : nlohmann::json::array({"websocket"})},
        {"pingInterval", _config.pingIntervalMs},
        {"pingTimeout", _config.pingTimeoutMs},
        {"maxPayload", _config.maxPayload},
    };
    return EngineIoCodec::encodeText(EngineIoType::Open, open.dump());
}

void EngineIoServer::handleGet(const HttpRequest& request, HttpResponder responder) {
    const auto eio = request.queryParam("EIO");
    if (!eio || *eio != "4") return sendError(responder, 400, kUnsupportedProtocolVersion, "Unsupported protocol version");
    const auto transport = request.queryParam("transport");
    if (!transport || (*transport != "polling" && *transport != "websocket"))
        return sendError(responder, 400, kTransportUnknown, "Transport unknown");
    const auto upgradeHeader = request.header("Upgrade");
    const bool upgradeRequest = upgradeHeader && equalsIgnoreCase(*upgradeHeader, "websocket");
    if ((*transport == "websocket") != upgradeRequest) return sendError(responder, 400, kBadRequest, "Bad request");
    const auto sid = request.queryParam("sid");
    if (!sid) {
        // A foreign page's WebSocket (browsers send no CORS check for those):
        // refused before anything is opened, in words for whoever reads it.
        if (upgradeRequest && !originAllowed(request))
            return sendError(responder, 403, kForbidden, originRefusal(printable(request.header("Origin").value_or("?"))));
        return handshake(request, std::move(responder), upgradeRequest);
    }

    std::unique_lock lock(_mutex);
    auto session = findLocked(*sid);
    if (!session) return sendError(responder, 400, kSessionIdUnknown, "Session ID unknown");
    if (upgradeRequest) {
        if (!originAllowed(request)) {
            // The browser shows the page nothing of a refused upgrade and
            // stays on long-polling: say why over the transport it keeps.
            const std::string origin = printable(request.header("Origin").value_or("?"));
            if (_listener) _listener->onWarning(*session, "origin_refused", originRefusal(origin));
            return sendError(responder, 403, kForbidden, originRefusal(origin));
        }
        WebSocketOptions options;
        options.maxMessageBytes = _config.maxPayload;
        options.maxQueuedBytes = _config.maxQueuedBytes;
        if (session->webSocket || session->upgrading) {
            // As engine.io does: the WebSocket is accepted, then closed at
            // once; the session keeps the transport it has.
            lock.unlock();
            responder.acceptWebSocket(std::make_shared<RefusedWebSocket>(1008, "this session already has a WebSocket"),
                                      options);
            return;
        }
        session->upgrading = true;
        lock.unlock();
        responder.acceptWebSocket(std::make_shared<EngineWebSocket>(weak_from_this(), session, true), options);
        return;
    }
    if (session->webSocket) return sendError(responder, 400, kBadRequest, "Bad request");
    if (session->heldPoll) {
        // Two polls at once break the protocol; engine.io closes the session too.
        closeSession(session, "overlapping polls");
        return sendError(responder, 400, kBadRequest, "Bad request");
    }
    session->heldPoll = std::move(responder);
    if (!session->pollQueue.empty()) flushPoll(*session);
}

void EngineIoServer::handleOtherMethod(const HttpRequest& request, HttpResponder responder) {
    const auto eio = request.queryParam("EIO");
    if (!eio || *eio != "4") return sendError(responder, 400, kUnsupportedProtocolVersion, "Unsupported protocol version");
    // engine.io: a handshake must be a GET; a polling request with a sid must be a GET or a POST.
    if (!request.queryParam("sid")) return sendError(responder, 400, kBadHandshakeMethod, "Bad handshake method");
    return sendError(responder, 400, kBadRequest, "Bad request");
}

void EngineIoServer::handlePost(const HttpRequest& request, HttpResponder responder) {
    const auto eio = request.queryParam("EIO");
    if (!eio || *eio != "4") return sendError(responder, 400, kUnsupportedProtocolVersion, "Unsupported protocol version");
    const auto sid = request.queryParam("sid");
    if (!sid) return sendError(responder, 400, kBadHandshakeMethod, "Bad handshake method");

    std::lock_guard lock(_mutex);
    auto session = findLocked(*sid);
    if (!session) return sendError(responder, 400, kSessionIdUnknown, "Session ID unknown");
    if (session->webSocket) return sendError(responder, 400, kBadRequest, "Bad request");
    std::vector<EngineIoPacket> packets;
    try {
        packets = EngineIoCodec::decodePayload(request.body, _limits);
    } catch (const ProtocolError& e) {
        closeSession(session, std::string("malformed payload: ") + e.what());
        return sendError(responder, 400, kBadRequest, "Bad request");
    }
    for (const auto& packet : packets) {
        handlePacket(session, packet);
        if (session->closed) break;
    }
    HttpResponse ok(200);
    ok.setBody("ok", "text/html");
    responder.send(std::move(ok));
}

void EngineIoServer::identifyViewer(const HttpRequest& request, Handshake& handshake, bool webSocket) const {
    if (auto id = request.cookie(kViewerCookie); id && plausibleViewerId(*id)) {
        handshake.viewerId = *id;
        return;
    }
    // Only a polling answer can set a cookie (a WebSocket's 101 is the
    // core's); browsers poll first, so their tabs all carry it afterwards.
    if (webSocket) return;
    handshake.viewerId = secureRandomToken(16);
    std::string cookie = std::string(kViewerCookie) + "=" + handshake.viewerId + "; Path=/socket.io/; HttpOnly; SameSite=Lax";
    if (_context.settings().secureCookies()) cookie += "; Secure";
    handshake.setCookies.push_back(std::move(cookie));
}

void EngineIoServer::handshake(const HttpRequest& request, HttpResponder responder, bool webSocket) {
    Handshake handshake;
    handshake.address = request.remoteAddress;
    if (!webSocket && !originAllowed(request)) {
        // Opened, but anonymous and unable to join anything: its CONNECTs are
        // refused in words the page can show (a refused handshake shows none).
        handshake.refusedOrigin = printable(request.header("Origin").value_or(request.header("Referer").value_or("?")));
        return openSession(std::move(handshake), std::move(responder), webSocket);
    }
    identifyViewer(request, handshake, webSocket);
    Identity& identity = _context.identity();
    if (!request.cookie(identity.sessionCookieName())) return openSession(std::move(handshake), std::move(responder), webSocket);
    // Authentication may read the database: never on an I/O thread.
    std::weak_ptr<EngineIoServer> weak = weak_from_this();
    _context.scheduler().postBlocking([weak, request, handshake = std::move(handshake), responder = std::move(responder),
                                       webSocket]() mutable {
        auto self = weak.lock();
        if (!self) return responder.send(HttpResponse::error(503, "unavailable", "chat is stopping"));
        try {
            if (auto auth = self->_context.identity().authenticate(request)) {
                handshake.user = std::make_shared<const ChatUser>(ChatUser{auth->user.id, auth->user.name});
                handshake.signInSessionId = auth->session.id;
                handshake.signInExpiresAt = auth->session.expiresAt;
                if (!auth->refreshedCookie.empty()) handshake.setCookies.push_back(auth->refreshedCookie);
            }
        } catch (const std::exception& e) {
            self->_context.logger().warning(std::string("chat: authentication failed: ") + e.what());
        }
        self->openSession(std::move(handshake), std::move(responder), webSocket);
    });
}

void EngineIoServer::openSession(Handshake handshake, HttpResponder responder, bool webSocket) {
    auto session = std::make_shared<EngineSession>();
    session->sid = secureRandomToken(15);
    session->user = std::move(handshake.user);
    session->signInSessionId = std::move(handshake.signInSessionId);
    session->signInExpiresAt = handshake.signInExpiresAt;
    session->viewerId = std::move(handshake.viewerId);
    if (!handshake.refusedOrigin.empty())
        session->refusedOrigin = std::make_unique<const std::string>(std::move(handshake.refusedOrigin));
    session->address = std::move(handshake.address);
    const std::int64_t now = nowMs();
    session->nextPingAt = now + _config.pingIntervalMs;
    session->connectDeadline = now + _config.connectTimeoutMs;
    {
        std::lock_guard lock(_mutex);
        if (_stopped) return responder.send(HttpResponse::error(503, "unavailable", "chat is stopping"));
        _sessions.emplace(session->sid, session);
        ++_sessionCount;
        scheduleHeartbeat(*session);
    }
    if (webSocket) {
        WebSocketOptions options;
        options.maxMessageBytes = _config.maxPayload;
        options.maxQueuedBytes = _config.maxQueuedBytes;
        responder.acceptWebSocket(std::make_shared<EngineWebSocket>(weak_from_this(), session, false), options);
        return;
    }
    HttpResponse response(200);
    response.setBody(openPacket(session->sid, false), "text/plain; charset=UTF-8");
    for (const auto& cookie : handshake.setCookies) response.addHeader("Set-Cookie", cookie);
    responder.send(std::move(response));
}

EngineSessionPtr EngineIoServer::findLocked(const std::string& sid) {
    auto it = _sessions.find(sid);
    return it == _sessions.end() ? nullptr : it->second;
}

void EngineIoServer::handlePacket(const EngineSessionPtr& session, const EngineIoPacket& packet) {
    switch (packet.type) {
    case EngineIoType::Pong:
        session->pongDeadline = 0;
        session->nextPingAt = nowMs() + _config.pingIntervalMs;
        scheduleHeartbeat(*session);
        break;
    case EngineIoType::Ping:
        sendText(*session, EngineIoCodec::encodeText(EngineIoType::Pong, packet.data));
        break;
    case EngineIoType::Close:
        closeSession(session, "client close", HeldPollAnswer::Noop);
        break;
    case EngineIoType::Message:
        if (_listener) _listener->onMessage(session, packet.data, packet.binary);
        break;
    case EngineIoType::Noop:
        break;
    case EngineIoType::Open:
    case EngineIoType::Upgrade:
        closeSession(session, "unexpected packet");
        break;
    }
}

void EngineIoServer::sendText(EngineSession& session, std::string engineText) {
    if (session.closed) return;
    if (session.webSocket && !session.upgrading) {
        session.webSocket->sendText(std::move(engineText));
        return;
    }
    session.pollQueueBytes += engineText.size() + 1;
    session.pollQueue.push_back(QueuedPacket{std::move(engineText), false});
    if (session.pollQueueBytes > _config.maxQueuedBytes) return dropSlowPoller(session);
    if (session.heldPoll) flushPoll(session);
}

void EngineIoServer::dropSlowPoller(EngineSession& session) {
    // A poller that stays away this long is too slow: drop it rather than grow.
    session.pollQueue.clear();
    session.pollQueueBytes = 0;
    session.closed = true;  // silences it until the posted close runs
    transportChanged();
    std::weak_ptr<EngineIoServer> weak = weak_from_this();
    _context.scheduler().post([weak, sid = session.sid] {
        if (auto self = weak.lock()) {
            std::lock_guard lock(self->_mutex);
            if (auto s = self->findLocked(sid)) {
                s->closed = false;
                self->closeSession(s, "slow reader");
            }
        }
    });
}

void EngineIoServer::sendSharedToAll(EngineAudience& audience,
                                     const std::vector<std::shared_ptr<const std::string>>& engineTexts) {
    auto& prepared = audience._prepared;
    if (!prepared || prepared->transportEpoch != _transportEpoch) {
        std::vector<std::shared_ptr<WebSocketConnection>> webSockets;
        std::vector<EngineSession*> others;
        webSockets.reserve(audience.size());
        for (EngineSession* session : audience) {
            if (session->closed) continue;
            if (session->webSocket && !session->upgrading) webSockets.push_back(session->webSocket);
            else others.push_back(session);
        }
        prepared.emplace(EngineAudience::Prepared{_transportEpoch, WebSocketAudience(webSockets), std::move(others)});
    }
    // sendText never ends a session on the spot (a slow poller's close is
    // posted), so the members and their preparation hold still meanwhile.
    for (EngineSession* session : prepared->others)
        for (const auto& text : engineTexts) sendText(*session, *text);
    prepared->webSockets.sendText(engineTexts);
}

void EngineIoServer::sendBinary(EngineSession& session, std::string bytes) {
    if (session.closed) return;
    if (session.webSocket && !session.upgrading) {
        session.webSocket->sendBinary(std::move(bytes));
        return;
    }
    session.pollQueueBytes += bytes.size() * 4 / 3 + 2;
    session.pollQueue.push_back(QueuedPacket{std::move(bytes), true});
    // Plugins' namespaces send binary: the same bound as text.
    if (session.pollQueueBytes > _config.maxQueuedBytes) return dropSlowPoller(session);
    if (session.heldPoll) flushPoll(session);
}

void EngineIoServer::flushPoll(EngineSession& session) {
    std::vector<std::string> encoded;
    encoded.reserve(session.pollQueue.size());
    for (auto& packet : session.pollQueue) {
        if (packet.binary) encoded.push_back(EngineIoCodec::encodeForPayload(EngineIoPacket{EngineIoType::Message, std::move(packet.data), true}));
        else encoded.push_back(std::move(packet.data));
    }
    session.pollQueue.clear();
    session.pollQueueBytes = 0;
    HttpResponse response(200);
    response.setBody(EngineIoCodec::joinPayload(encoded), "text/plain; charset=UTF-8");
    HttpResponder responder = std::move(*session.heldPoll);
    session.heldPoll.reset();
    responder.send(std::move(response));
}

void EngineIoServer::closeSession(const EngineSessionPtr& session, const std::string& reason,
                                  HeldPollAnswer heldPollAnswer) {
    if (!session || session->closed) return;
    session->closed = true;
    _wheel.cancel(session->heartbeat);
    transportChanged();
    if (_sessions.erase(session->sid)) --_sessionCount;
    if (_listener) _listener->onSessionClosed(*session);
    if (session->heldPoll) {
        HttpResponse response(200);
        response.setBody(EngineIoCodec::encodeText(heldPollAnswer == HeldPollAnswer::Noop ? EngineIoType::Noop
                                                                                          : EngineIoType::Close),
                         "text/plain; charset=UTF-8");
        session->heldPoll->send(std::move(response));
        session->heldPoll.reset();
    }
    session->pollQueue.clear();
    if (session->webSocket) {
        auto connection = std::move(session->webSocket);
        connection->close(1000, reason.substr(0, 100));
    }
    _context.logger().debug("chat: session " + session->sid + " closed: " + reason);
}

void EngineIoServer::onWebSocketOpen(const EngineSessionPtr& session, std::shared_ptr<WebSocketConnection> connection) {
    std::lock_guard lock(_mutex);
    if (session->closed) {
        connection->close(1001, "session gone");
        return;
    }
    session->webSocket = connection;
    transportChanged();
    connection->sendText(openPacket(session->sid, true));
}

void EngineIoServer::onWebSocketMessage(const EngineSessionPtr& session, std::string_view message, bool binary) {
    std::lock_guard lock(_mutex);
    if (session->closed) return;
    if (binary) {
        if (_listener) _listener->onMessage(session, message, true);
        return;
    }
    try {
        handlePacket(session, EngineIoCodec::decodeText(message));
    } catch (const ProtocolError& e) {
        closeSession(session, std::string("malformed packet: ") + e.what());
    }
}

void EngineIoServer::onProbeMessage(const EngineSessionPtr& session, const std::shared_ptr<WebSocketConnection>& connection,
                                    std::string_view message, bool& upgraded) {
    std::lock_guard lock(_mutex);
    if (session->closed || !connection) {
        if (connection) connection->close(1001, "session gone");
        return;
    }
    if (message == "2probe") {
        connection->sendText("3probe");
        // Lets a held poll return so the client can pause polling and upgrade.
        session->pollQueue.push_back(QueuedPacket{EngineIoCodec::encodeText(EngineIoType::Noop), false});
        session->pollQueueBytes += 1;
        if (session->heldPoll) flushPoll(*session);
        return;
    }
    if (message == "5") {
        session->webSocket = connection;
        session->upgrading = false;
        transportChanged();
        upgraded = true;
        auto queued = std::move(session->pollQueue);
        session->pollQueue.clear();
        session->pollQueueBytes = 0;
        if (session->heldPoll) {
            session->pollQueue.push_back(QueuedPacket{EngineIoCodec::encodeText(EngineIoType::Noop), false});
            flushPoll(*session);
        }
        for (auto& packet : queued) {
            if (packet.binary) connection->sendBinary(std::move(packet.data));
            else if (packet.data != "6") connection->sendText(std::move(packet.data));
        }
        return;
    }
    session->upgrading = false;
    connection->close(1002, "bad upgrade probe");
}

void EngineIoServer::onWebSocketClosed(const std::weak_ptr<EngineSession>& weakSession, const WebSocketConnection* connection) {
    // May run inside a call that holds the mutex (close, send): finish later.
    std::weak_ptr<EngineIoServer> weak = weak_from_this();
    _context.scheduler().post([weak, weakSession, connection] {
        auto self = weak.lock();
        auto session = weakSession.lock();
        if (!self || !session) return;
        std::lock_guard lock(self->_mutex);
        if (session->closed) return;
        if (session->webSocket.get() == connection) self->closeSession(session, "transport close");
        else if (session->upgrading && !session->webSocket) session->upgrading = false;  // a failed probe: keep polling
    });
}

void EngineIoServer::sweep() {
    // Housekeeping only; heartbeats run on the wheel.
    std::lock_guard lock(_mutex);
    if (_stopped) return;
    for (auto& [sid, session] : _sessions)
        if (session->heldPoll && !session->heldPoll->clientConnected()) session->heldPoll.reset();
    if (_listener) _listener->onTick(nowMs());
}

void EngineIoServer::scheduleHeartbeat(EngineSession& session) {
    if (session.closed) return;
    std::int64_t due = session.pongDeadline ? session.pongDeadline : session.nextPingAt;
    if (session.connectDeadline) due = std::min(due, session.connectDeadline);
    _wheel.schedule(session.heartbeat, due);
    armWheel();
}

void EngineIoServer::armWheel() {
    if (_stopped) return;
    const auto due = _wheel.nextDue();
    if (!due || (_wheelArmedFor && _wheelArmedFor <= *due)) return;
    if (_wheelTimer) _wheelTimer->cancel();
    _wheelArmedFor = *due;
    const std::int64_t delay = std::max<std::int64_t>(0, *due - nowMs());
    std::weak_ptr<EngineIoServer> weak = weak_from_this();
    _wheelTimer = _context.scheduler().after(std::chrono::milliseconds(delay), [weak] {
        if (auto self = weak.lock()) self->onWheelTimer();
    });
}

void EngineIoServer::onWheelTimer() {
    std::lock_guard lock(_mutex);
    _wheelArmedFor = 0;
    _wheelTimer.reset();
    if (_stopped) return;
    const std::int64_t now = nowMs();
    _wheel.advance(now, [this, now](WheelTimer& timer) { heartbeatDue(*static_cast<SessionTimer&>(timer).session, now); });
    armWheel();
}

void EngineIoServer::heartbeatDue(EngineSession& session, std::int64_t now) {
    if (session.closed) return;
    if ((session.connectDeadline && now >= session.connectDeadline) ||
        (session.pongDeadline && now >= session.pongDeadline)) {
        // A lookup keeps the session alive through the close (the wheel only knows its timer).
        if (auto owned = findLocked(session.sid))
            closeSession(owned, session.pongDeadline ? "ping timeout" : "no namespace joined in time");
        return;
    }
    if (!session.pongDeadline && now >= session.nextPingAt) {
        session.pongDeadline = now + _config.pingTimeoutMs;
        sendText(session, EngineIoCodec::encodeText(EngineIoType::Ping));
    }
    scheduleHeartbeat(session);
}

}  // namespace sockstream::chat
