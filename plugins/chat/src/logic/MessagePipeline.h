#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ChatConfig.h"
#include "engineio/EngineSession.h"
#include "logic/RateLimiter.h"
#include "sockstream/chat/ChatService.h"

namespace sockstream {
class PluginContext;
}

namespace sockstream::chat {

class ChatStore;
class ClusterBridge;
class Moderation;
class SignInCheck;
class SocketIoServer;

/// A chat message's way from chat:send (or a plugin's postMessage) to the
/// room and the history: the sender's checks (signed in, in the room, text
/// rules, Moderation's bans, timeouts, word filter,
/// slow mode and established-user minimum, the per-user rate limit), the plugins' filters, the
/// broadcast on every server and the commit whose outcome the sender's ack
/// reports. Runs with the EngineIoServer's mutex held.
class MessagePipeline {
public:
    MessagePipeline(PluginContext& context, const ChatConfig& config, ChatStore& store, ClusterBridge& bridge,
                    SocketIoServer& sockets, Moderation& moderation, SignInCheck& signIn, std::recursive_mutex& mutex,
                    std::weak_ptr<const void> owner);

    /// chat:send from a socket: once its sign-in is confirmed (SignInCheck).
    void send(const EngineSessionPtr& session, NamespaceSocket& socket, nlohmann::json argument,
              std::optional<std::uint64_t> ackId);
    /// A plugin's message: filters apply, limits do not. False when refused.
    bool post(const std::string& roomId, const ChatUser& author, const std::string& text);

    void addFilter(ChatHookId id, ChatMessageFilter filter) { _filters.emplace(id, std::move(filter)); }
    void removeFilter(ChatHookId id) { _filters.erase(id); }
    void clearFilters() { _filters.clear(); }
    void prune(std::int64_t nowMs) { _rateLimiter.prune(nowMs); }

private:
    void sendChecked(const EngineSessionPtr& session, NamespaceSocket& socket, const nlohmann::json& argument,
                     std::optional<std::uint64_t> ackId);
    std::optional<std::string> applyFilters(ChatMessage& message);
    /// Broadcasts, then queues the message for history; `stored` runs (under
    /// the mutex) once it is committed, or refused. A refused message is
    /// withdrawn from the room (chat:deleted).
    void accept(ChatMessage message, std::function<void(bool stored)> stored);

    PluginContext& _context;
    const ChatConfig& _config;
    ChatStore& _store;
    ClusterBridge& _bridge;
    SocketIoServer& _sockets;
    Moderation& _moderation;
    SignInCheck& _signIn;
    std::recursive_mutex& _mutex;
    std::weak_ptr<const void> _owner;
    RateLimiter _rateLimiter;
    std::map<ChatHookId, ChatMessageFilter> _filters;
};

}  // namespace sockstream::chat
