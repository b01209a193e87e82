#include "engineio/EngineIoServer.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <Poco/Logger.h>
#include <nlohmann/json.hpp>

#include "engineio/EngineListener.h"
#include "engineio/EngineWebSocket.h"
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
constexpr int kBadRequest = 3;
constexpr int kForbidden = 4;
constexpr int kUnsupportedProtocolVersion = 5;

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

std::string originOf(std::string url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    const auto slash = url.find('/', scheme + 3);
    if (slash != std::string::npos) url.resize(slash);
    std::transform(url.begin(), url.end(), url.begin(), [](unsigned char c) { return std::tolower(c); });
    return url;
}

}  // namespace

EngineIoServer::EngineIoServer(PluginContext& context, const ChatConfig& config) : _context(context), _config(config) {
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
    // Clients ask for "/socket.io/"; accept the path without its slash too, in
    // case the router tells them apart (a duplicate registration is harmless).
    for (const char* path : {"/socket.io/", "/socket.io"}) {
        try {
            _context.http().addAsync("GET", path, get);
            _context.http().addAsync("POST", path, post);
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
        _stopped = true;
        for (auto& [sid, session] : _sessions) sessions.push_back(session);
        for (auto& session : sessions) closeSession(session, "server stopping");
    }
}

void EngineIoServer::sendError(const HttpResponder& responder, int status, int code, const std::string& message) {
    HttpResponse response(status);
    response.setBody(nlohmann::json{{"code", code}, {"message", message}}.dump(), "application/json");
    responder.send(std::move(response));
}

bool EngineIoServer::originAllowed(const HttpRequest& request) const {
    const auto origin = request.header("Origin");
    if (!origin) return true;  // not a browser: browsers always send Origin on WebSocket upgrades
    const std::string wanted = originOf(*origin);
    const auto& settings = _context.settings();
    if (wanted == originOf(settings.publicUrl)) return true;
    for (const auto& allowed : settings.allowedOrigins)
        if (wanted == originOf(allowed)) return true;
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
    if (upgradeRequest && !originAllowed(request)) return sendError(responder, 403, kForbidden, "Forbidden");

    const auto sid = request.queryParam("sid");
    if (!sid) return handshake(request, std::move(responder), upgradeRequest);

    std::unique_lock lock(_mutex);
    auto session = findLocked(*sid);
    if (!session) return sendError(responder, 400, kSessionIdUnknown, "Session ID unknown");
    if (upgradeRequest) {
        if (session->webSocket || session->upgrading) return sendError(responder, 400, kBadRequest, "Bad request");
        session->upgrading = true;
        lock.unlock();
        WebSocketOptions options;
        options.maxMessageBytes = _config.maxPayload;
        options.maxQueuedBytes = _config.maxQueuedBytes;
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

void EngineIoServer::handlePost(const HttpRequest& request, HttpResponder responder) {
    const auto eio = request.queryParam("EIO");
    if (!eio || *eio != "4") return sendError(responder, 400, kUnsupportedProtocolVersion, "Unsupported protocol version");
    const auto sid = request.queryParam("sid");
    if (!sid) return sendError(responder, 400, 2, "Bad handshake method");

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

void EngineIoServer::handshake(const HttpRequest& request, HttpResponder responder, bool webSocket) {
    Identity& identity = _context.identity();
    if (!request.cookie(identity.sessionCookieName())) {
        openSession(nullptr, {}, request.remoteAddress, std::move(responder), webSocket);
        return;
    }
    // Authentication may read the database: never on an I/O thread.
    std::weak_ptr<EngineIoServer> weak = weak_from_this();
    _context.scheduler().postBlocking([weak, request, responder = std::move(responder), webSocket]() mutable {
        auto self = weak.lock();
        if (!self) return responder.send(HttpResponse::error(503, "unavailable", "chat is stopping"));
        std::shared_ptr<const ChatUser> user;
        std::string cookie;
        try {
            if (auto auth = self->_context.identity().authenticate(request)) {
                user = std::make_shared<const ChatUser>(ChatUser{auth->user.id, auth->user.name});
                cookie = auth->refreshedCookie;
            }
        } catch (const std::exception& e) {
            self->_context.logger().warning(std::string("chat: authentication failed: ") + e.what());
        }
        self->openSession(std::move(user), std::move(cookie), request.remoteAddress, std::move(responder), webSocket);
    });
}

void EngineIoServer::openSession(std::shared_ptr<const ChatUser> user, std::string refreshedCookie, std::string address,
                                 HttpResponder responder, bool webSocket) {
    auto session = std::make_shared<EngineSession>();
    session->sid = secureRandomToken(15);
    session->user = std::move(user);
    session->address = std::move(address);
    const std::int64_t now = nowMs();
    session->nextPingAt = now + _config.pingIntervalMs;
    session->connectDeadline = now + _config.connectTimeoutMs;
    {
        std::lock_guard lock(_mutex);
        if (_stopped) return responder.send(HttpResponse::error(503, "unavailable", "chat is stopping"));
        _sessions.emplace(session->sid, session);
        ++_sessionCount;
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
    if (!refreshedCookie.empty()) response.addHeader("Set-Cookie", refreshedCookie);
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
        break;
    case EngineIoType::Ping:
        sendText(*session, EngineIoCodec::encodeText(EngineIoType::Pong, packet.data));
        break;
    case EngineIoType::Close:
        closeSession(session, "client close");
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
    if (session.pollQueueBytes > _config.maxQueuedBytes) {
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
        return;
    }
    if (session.heldPoll) flushPoll(session);
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

void EngineIoServer::closeSession(const EngineSessionPtr& session, const std::string& reason) {
    if (!session || session->closed) return;
    session->closed = true;
    transportChanged();
    if (_sessions.erase(session->sid)) --_sessionCount;
    if (_listener) _listener->onSessionClosed(*session);
    if (session->heldPoll) {
        HttpResponse response(200);
        response.setBody(EngineIoCodec::encodeText(EngineIoType::Close), "text/plain; charset=UTF-8");
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
    std::lock_guard lock(_mutex);
    if (_stopped) return;
    const std::int64_t now = nowMs();
    std::vector<EngineSessionPtr> expired;
    for (auto& [sid, session] : _sessions) {
        if (session->closed) continue;
        if (session->connectDeadline && now >= session->connectDeadline) {
            expired.push_back(session);
            continue;
        }
        if (session->pongDeadline) {
            if (now >= session->pongDeadline) expired.push_back(session);
        } else if (now >= session->nextPingAt) {
            session->pongDeadline = now + _config.pingTimeoutMs;
            sendText(*session, EngineIoCodec::encodeText(EngineIoType::Ping));
        }
        if (session->heldPoll && !session->heldPoll->clientConnected()) session->heldPoll.reset();
    }
    for (auto& session : expired) closeSession(session, "timeout");
    if (_listener) _listener->onTick(now);
}

}  // namespace sockstream::chat
