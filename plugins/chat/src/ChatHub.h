#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "ChatConfig.h"
#include "logic/MuteList.h"
#include "moderation/WordFilter.h"
#include "sockstream/chat/ChatService.h"

namespace sockstream {
class PluginContext;
class TimerHandle;
}

namespace sockstream::chat {

class ChatEvents;
class ChatRelay;
class ChatStore;
class ClusterBridge;
class EngineIoServer;
class MessagePipeline;
class Moderation;
class PluginNamespaces;
class ModerationApi;
class RoomNotices;
class RoomPresence;
class SignInCheck;
class SocketIoServer;

/// The chat assembled: Socket.IO on the Engine.IO server, the chat's events
/// and rules, presence, the cluster relay and the room notices, and the
/// ChatService other plugins use. Owns the parts; every part's deferred work
/// holds this object's weak pointer, so none runs once it is gone. The
/// parts share the EngineIoServer's mutex.
class ChatHub : public ChatService, public std::enable_shared_from_this<ChatHub> {
public:
    static std::shared_ptr<ChatHub> create(PluginContext& context, const ChatConfig& config, EngineIoServer& server,
                                           ChatStore& store);
    ~ChatHub() override;

    /// Takes the Engine.IO server's messages and subscribes to the core's
    /// events and the cluster.
    void attach();
    void stop();

    // ChatService
    ChatHookId addEventHandler(const std::string& event, ChatEventHandler handler) override;
    ChatHookId addMessageFilter(ChatMessageFilter filter) override;
    void removeHook(ChatHookId id) override;
    void emitToRoom(const std::string& roomId, const std::string& event, const std::string& argumentJson) override;
    void emitToChannel(const std::string& channelId, const std::string& event, const std::string& argumentJson) override;
    bool postMessage(const std::string& roomId, const ChatUser& author, const std::string& text) override;
    void deleteMessage(const std::string& roomId, const std::string& messageId) override;
    int viewerCount(const std::string& roomId) const override;
    ChatHookId addNamespace(const std::string& nsp, ChatNamespaceHooks hooks) override;
    ChatHookId useConnectMiddleware(const std::string& nsp, ChatConnectMiddleware middleware) override;
    ChatHookId useEventMiddleware(const std::string& nsp, ChatEventMiddleware middleware) override;
    bool emitToSocket(const std::string& nsp, const std::string& socketId, const std::string& event,
                      const ChatPayload& args) override;
    bool emitToSocketWithAck(const std::string& nsp, const std::string& socketId, const std::string& event,
                             const ChatPayload& args, std::chrono::milliseconds timeout, ChatAckCallback onAnswer) override;
    void emitToNamespaceRoom(const std::string& nsp, const std::string& room, const std::string& event,
                             const ChatPayload& args) override;
    void emitToNamespace(const std::string& nsp, const std::string& event, const ChatPayload& args) override;
    bool joinSocketRoom(const std::string& nsp, const std::string& socketId, const std::string& room) override;
    bool leaveSocketRoom(const std::string& nsp, const std::string& socketId, const std::string& room) override;
    bool disconnectSocket(const std::string& nsp, const std::string& socketId) override;

private:
    ChatHub(PluginContext& context, const ChatConfig& config, EngineIoServer& server, ChatStore& store);
    void assemble();

    PluginContext& _context;
    ChatConfig _config;
    WordFilter _words;  ///< the config's wordFilter, compiled
    EngineIoServer& _server;
    ChatStore& _store;
    std::recursive_mutex& _mutex;
    ChatHookId _nextHook = 1;
    MuteList _mutes;
    std::unique_ptr<ChatRelay> _relay;
    std::unique_ptr<SocketIoServer> _sockets;
    std::unique_ptr<RoomPresence> _presence;
    std::unique_ptr<ClusterBridge> _bridge;
    std::unique_ptr<SignInCheck> _signIn;
    std::unique_ptr<MessagePipeline> _messages;
    std::unique_ptr<Moderation> _moderation;
    std::unique_ptr<ModerationApi> _moderationApi;
    std::unique_ptr<ChatEvents> _events;
    std::unique_ptr<RoomNotices> _notices;
    std::unique_ptr<PluginNamespaces> _namespaces;
    std::shared_ptr<TimerHandle> _signInTimer;  ///< SignInCheck::tick, once a second
};

}  // namespace sockstream::chat
