#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "ChatConfig.h"
#include "logic/EventLimits.h"
#include "socketio/SocketIoHandler.h"
#include "sockstream/chat/ChatService.h"

namespace sockstream {
class Counter;
class PluginContext;
}

namespace sockstream::chat {

class ChatStore;
class Moderation;
class MessagePipeline;
class MuteList;
class RoomPresence;
class SocketIoServer;

/// The chat's client events: room:join (with history), room:leave,
/// chat:send, chat:delete / chat:mute, and the events plugins handle
/// (ChatService::addEventHandler). Counts every event but chat:send against
/// the per-connection and per-address limits first. Runs with the
/// EngineIoServer's mutex held.
class ChatEvents : public SocketIoHandler {
public:
    ChatEvents(PluginContext& context, const ChatConfig& config, ChatStore& store, SocketIoServer& sockets,
               RoomPresence& presence, MessagePipeline& messages, Moderation& moderation, MuteList& mutes,
               std::recursive_mutex& mutex, std::weak_ptr<const void> owner);

    // SocketIoHandler
    void onEvent(const EngineSessionPtr& session, NamespaceSocket& socket, SocketIoPacket& packet) override;
    void onSocketClosing(EngineSession& session, NamespaceSocket& socket) override;
    void onTick(std::int64_t nowMs) override;

    void addHandler(ChatHookId id, std::string event, ChatEventHandler handler);
    void removeHandler(ChatHookId id) { _handlers.erase(id); }
    void clearHandlers() { _handlers.clear(); }

private:
    struct EventHook {
        std::string event;
        ChatEventHandler handler;
    };
    void joinRoom(const EngineSessionPtr& session, NamespaceSocket& socket, const nlohmann::json& argument,
                  std::optional<std::uint64_t> ackId);
    void customEvent(const EngineSessionPtr& session, NamespaceSocket& socket, SocketIoPacket& packet);
    /// Counts the event against the connection's and the address's limits;
    /// false (answered rate_limited) when over one.
    bool admitEvent(const EngineSessionPtr& session, const NamespaceSocket& socket, std::optional<std::uint64_t> ackId);

    PluginContext& _context;
    const ChatConfig& _config;
    ChatStore& _store;
    SocketIoServer& _sockets;
    RoomPresence& _presence;
    MessagePipeline& _messages;
    Moderation& _moderation;
    MuteList& _mutes;
    std::recursive_mutex& _mutex;
    std::weak_ptr<const void> _owner;
    EventLimits _eventLimits;
    std::unordered_set<std::string> _limitedAddresses;  ///< logged once per prune period
    Counter* _refusedEvents = nullptr;
    std::map<ChatHookId, EventHook> _handlers;
    std::int64_t _lastPrune = 0;
};

}  // namespace sockstream::chat
