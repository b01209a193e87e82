#include "logic/MessagePipeline.h"

#include <algorithm>

#include <Poco/Logger.h>

#include "engineio/EngineIoServer.h"
#include "logic/DeletedEvent.h"
#include "logic/EventArguments.h"
#include "logic/MessageText.h"
#include "logic/Moderation.h"
#include "logic/SignInCheck.h"
#include "logic/WallClock.h"
#include "logic/WireJson.h"
#include "relay/ClusterBridge.h"
#include "socketio/SocketIoServer.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/util/Random.h"
#include "store/ChatStore.h"

namespace sockstream::chat {

MessagePipeline::MessagePipeline(PluginContext& context, const ChatConfig& config, ChatStore& store, ClusterBridge& bridge,
                                 SocketIoServer& sockets, Moderation& moderation, SignInCheck& signIn,
                                 std::recursive_mutex& mutex, std::weak_ptr<const void> owner)
    : _context(context), _config(config), _store(store), _bridge(bridge), _sockets(sockets), _moderation(moderation),
      _signIn(signIn), _mutex(mutex), _owner(std::move(owner)), _rateLimiter(config.rateLimitMessages, config.rateLimitWindowMs) {}

void MessagePipeline::send(const EngineSessionPtr& session, NamespaceSocket& socket, nlohmann::json argument,
                           std::optional<std::uint64_t> ackId) {
    std::weak_ptr<EngineSession> weakSession = session;
    _signIn.verify(session, [this, weakSession, channelId = socket.channelId, argument = std::move(argument),
                             ackId](SignInCheck::Verdict verdict) {
        auto session = weakSession.lock();
        NamespaceSocket* socket = session && !session->closed ? session->socketFor(channelId) : nullptr;
        if (!socket) return;
        if (verdict == SignInCheck::Verdict::SignedOut)
            return _sockets.ackError(session, channelId, ackId, "signed_out",
                                     "You were signed out, so this message was not sent. Sign in again to chat.");
        sendChecked(session, *socket, argument, ackId);
    });
}

void MessagePipeline::sendChecked(const EngineSessionPtr& session, NamespaceSocket& socket, const nlohmann::json& argument,
                                  std::optional<std::uint64_t> ackId) {
    const std::string& channelId = socket.channelId;
    if (!session->user) return _sockets.ackError(session, channelId, ackId, "unauthorized", "sign in to chat");
    const auto roomId = stringField(argument, "roomId");
    if (!roomId || !argument.contains("text") || !argument["text"].is_string())
        return _sockets.ackError(session, channelId, ackId, "invalid_request", "roomId and text are required");
    if (std::find(socket.rooms.begin(), socket.rooms.end(), *roomId) == socket.rooms.end())
        return _sockets.ackError(session, channelId, ackId, "not_in_room", "join the room first");
    const std::string& rawText = argument["text"].get_ref<const std::string&>();
    const auto normalized = MessageText::normalize(rawText, _config.maxMessageLength);
    if (!normalized && MessageText::hasBidiControl(rawText))
        return _sockets.ackError(session, channelId, ackId, "invalid_text",
                                 "text must not contain bidi controls (U+202A to U+202E, U+2066 to U+2069): they make a "
                                 "message display other words than it holds");
    if (!normalized)
        return _sockets.ackError(session, channelId, ackId, "invalid_text",
                                 "text must be 1 to " + std::to_string(_config.maxMessageLength) +
                                     " characters of valid UTF-8, without control characters but newline and tab");
    const ChatUser& user = *session->user;
    const std::int64_t now = wallMs();
    if (auto refused = _moderation.checkPost(channelId, *roomId, user.id, *normalized, now)) {
        nlohmann::json error{{"code", refused->code}, {"message", refused->message}};
        if (refused->untilMs) error["until"] = refused->untilMs;
        return _sockets.ack(session, channelId, ackId, {{"error", std::move(error)}});
    }
    if (!_rateLimiter.tryAcquire(user.id, EngineIoServer::nowMs()))
        return _sockets.ackError(session, channelId, ackId, "rate_limited", "too many messages; wait a little");

    ChatMessage message{secureRandomToken(12), *roomId, user, *normalized, wallMs()};
    if (auto refused = applyFilters(message)) return _sockets.ackError(session, channelId, ackId, *refused, "message refused");
    const std::string id = message.id;
    _moderation.recordPost(*roomId, user.id, now);
    // The room sees it now; the sender's ok waits for the commit, so an ok
    // means the message is in history even if the server dies next.
    std::weak_ptr<EngineSession> weakSession = session;
    accept(std::move(message), [this, weakSession, channelId, ackId, id](bool stored) {
        if (stored) return _sockets.ack(weakSession, channelId, ackId, {{"ok", true}, {"id", id}});
        _sockets.ackError(weakSession, channelId, ackId, "not_saved", "Your message could not be saved; try again.");
    });
}

bool MessagePipeline::post(const std::string& roomId, const ChatUser& author, const std::string& text) {
    ChatMessage message{secureRandomToken(12), roomId, author, text, wallMs()};
    if (applyFilters(message)) return false;
    accept(std::move(message), {});
    return true;
}

std::optional<std::string> MessagePipeline::applyFilters(ChatMessage& message) {
    for (auto& [id, filter] : _filters) {
        try {
            if (auto refused = filter(message)) return refused->empty() ? std::string("refused") : *refused;
        } catch (const std::exception& e) {
            _context.logger().warning(std::string("chat: message filter failed: ") + e.what());
            return std::string("refused");
        }
    }
    auto normalized = MessageText::normalize(message.text, _config.maxMessageLength);
    if (!normalized) return std::string("invalid_text");
    message.text = std::move(*normalized);
    return std::nullopt;
}

void MessagePipeline::accept(ChatMessage message, std::function<void(bool stored)> stored) {
    // Members get the message now; history gets it with the next commit, which
    // ChatStore shares between the messages of a few milliseconds (and makes
    // before the plugin stops). ChatStore logs and reports a failed commit.
    _bridge.shareWithRoom(message.roomId, "chat:message", messageJson(message));
    std::string roomId = message.roomId;
    std::string id = message.id;
    _store.append(std::move(message), [this, owner = _owner, roomId = std::move(roomId), id = std::move(id),
                                       stored = std::move(stored)](bool ok) {
        auto alive = owner.lock();
        if (!alive) return;
        std::lock_guard lock(_mutex);
        // Not in history: members should not keep seeing what a reload loses.
        // Withdrawn on its author's behalf (who is told not_saved).
        if (!ok) _bridge.shareWithRoom(roomId, "chat:deleted", deletedEvent(roomId, id, kDeletedByAuthor));
        if (stored) stored(ok);
    });
}

}  // namespace sockstream::chat
