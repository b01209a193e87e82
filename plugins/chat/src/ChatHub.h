#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "ChatConfig.h"
#include "ChatRelay.h"
#include "EngineAudience.h"
#include "EngineSession.h"
#include "logic/EventLimits.h"
#include "logic/RateLimiter.h"
#include "logic/RoomOutbox.h"
#include "protocol/ProtocolLimits.h"
#include "sockstream/chat/ChatService.h"
#include "sockstream/events/EventBus.h"
#include "sockstream/rooms/Room.h"

namespace sockstream {
class Counter;
class PluginContext;
class TimerHandle;
}

namespace sockstream::chat {

class ChatStore;
class EngineIoServer;

/// Socket.IO on top of Engine.IO sessions: namespaces (= channels), rooms (=
/// SockStream rooms) and the chat events. Methods called by the EngineIoServer
/// run with its mutex held; everything else takes it.
class ChatHub : public ChatService, public std::enable_shared_from_this<ChatHub> {
public:
    ChatHub(PluginContext& context, const ChatConfig& config, EngineIoServer& server, ChatStore& store);

    void subscribeEvents();
    /// Chat with the other servers of a cluster (no-op on a single server).
    void subscribeCluster();
    void stop();

    // Called by the EngineIoServer with its mutex held.
    void onMessage(const EngineSessionPtr& session, std::string_view data, bool binary);
    void onSessionClosed(EngineSession& session);
    void onTick(std::int64_t nowMs);

    // ChatService
    ChatHookId addEventHandler(const std::string& event, ChatEventHandler handler) override;
    ChatHookId addMessageFilter(ChatMessageFilter filter) override;
    void removeHook(ChatHookId id) override;
    void emitToRoom(const std::string& roomId, const std::string& event, const std::string& argumentJson) override;
    void emitToChannel(const std::string& channelId, const std::string& event, const std::string& argumentJson) override;
    bool postMessage(const std::string& roomId, const ChatUser& author, const std::string& text) override;
    void deleteMessage(const std::string& roomId, const std::string& messageId) override;
    int viewerCount(const std::string& roomId) const override;

private:
    struct RoomState {
        std::string channelId;
        EngineAudience members;
        bool dirty = false;
        int reported = -1;
        RoomOutbox outbox;  ///< broadcasts waiting for the room's next flush
        std::shared_ptr<TimerHandle> flushTimer;
    };
    struct EventHook {
        std::string event;
        ChatEventHandler handler;
    };

    void handlePacket(const EngineSessionPtr& session, SocketIoPacket& packet);
    void connectNamespace(const EngineSessionPtr& session, const SocketIoPacket& packet);
    void dispatchEvent(const EngineSessionPtr& session, NamespaceSocket& socket, SocketIoPacket& packet);
    void joinRoom(const EngineSessionPtr& session, NamespaceSocket& socket, const nlohmann::json& argument, std::optional<std::uint64_t> ackId);
    void leaveRoom(EngineSession& session, NamespaceSocket& socket, const std::string& roomId);
    void sendMessage(const EngineSessionPtr& session, NamespaceSocket& socket, const nlohmann::json& argument, std::optional<std::uint64_t> ackId);
    void moderate(const EngineSessionPtr& session, NamespaceSocket& socket, const std::string& action,
                  const nlohmann::json& argument, std::optional<std::uint64_t> ackId);
    void customEvent(const EngineSessionPtr& session, NamespaceSocket& socket, SocketIoPacket& packet);
    void removeSocket(EngineSession& session, const std::string& channelId);
    void forgetRoom(const std::string& roomId);
    /// Broadcasts, then queues the message for history; `stored` runs (under
    /// the server's mutex) once it is committed, or refused. A refused
    /// message is withdrawn from the room (chat:deleted).
    void acceptMessage(ChatMessage message, std::function<void(bool stored)> stored);
    /// Counts the event against the connection's and the address's limits;
    /// false (answered rate_limited) when over one.
    bool admitEvent(const EngineSessionPtr& session, const NamespaceSocket& socket, std::optional<std::uint64_t> ackId);
    std::optional<std::string> applyFilters(ChatMessage& message);

    void ack(const std::weak_ptr<EngineSession>& session, const std::string& channelId, std::optional<std::uint64_t> ackId,
             const nlohmann::json& value);
    void ackError(const std::weak_ptr<EngineSession>& session, const std::string& channelId, std::optional<std::uint64_t> ackId,
                  const std::string& code, const std::string& message);
    /// Sent at once, or held for the room's next flush (FanOutPacing).
    void broadcastToRoom(const std::string& roomId, std::string_view event, const nlohmann::json& argument);
    /// Sends what the room holds. Called before its members change too, so a
    /// held message reaches exactly the members it was broadcast to.
    void flushRoom(RoomState& room);
    void scheduleFlush(const std::string& roomId, RoomState& room, RoomOutbox::Clock::duration delay);
    void broadcastToChannel(const std::string& channelId, std::string_view event, const nlohmann::json& argument);
    /// Broadcasts here and on every other server of the cluster.
    void shareWithRoom(const std::string& roomId, std::string_view event, const nlohmann::json& argument);
    void shareWithChannel(const std::string& channelId, std::string_view event, const nlohmann::json& argument);
    /// Members here plus members on the other servers.
    int totalViewers(const std::string& roomId) const;
    void remoteViewersChanged(const std::set<std::string>& roomIds);
    void shareViewerCounts(std::int64_t nowMs, bool changed);
    nlohmann::json roomJson(const Room& room, int viewers) const;
    static nlohmann::json roomStatus(const std::string& roomId, const std::string& channelId, BroadcastState state,
                                     const std::string& reason);
    /// room:health to the members of the room whose user is among `recipients` (owner, admins).
    void forwardHealth(const std::string& roomId, const std::vector<std::string>& recipients,
                       const std::string& healthJson);
    static nlohmann::json messageJson(const ChatMessage& message);
    static std::string nspOf(const std::string& channelId) { return "/" + channelId; }

    PluginContext& _context;
    ChatConfig _config;
    EngineIoServer& _server;
    ChatStore& _store;
    ProtocolLimits _limits;
    FanOutPacing _pacing;
    std::set<std::string> _channels;
    std::unordered_map<std::string, EngineAudience> _channelMembers;
    std::unordered_map<std::string, RoomState> _rooms;
    std::unordered_set<std::string> _liveRooms;
    std::unordered_map<std::string, std::int64_t> _mutedUntil;  ///< roomId + '\n' + userId -> Unix ms
    RateLimiter _rateLimiter;
    EventLimits _eventLimits;
    std::unordered_set<std::string> _limitedAddresses;  ///< logged once per prune period
    Counter* _refusedEvents = nullptr;
    std::map<ChatHookId, EventHook> _eventHooks;
    std::map<ChatHookId, ChatMessageFilter> _filters;
    ChatHookId _nextHook = 1;
    std::vector<SubscriptionId> _subscriptions;
    std::int64_t _lastPrune = 0;
    ChatRelay _relay;
    std::vector<ClusterSubscriptionId> _clusterSubscriptions;
    std::set<std::string> _remoteChanged;  ///< rooms whose count changed on another server only
    std::int64_t _lastViewerShare = 0;
};

}  // namespace sockstream::chat
