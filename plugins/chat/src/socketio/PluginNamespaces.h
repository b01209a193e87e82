#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ChatConfig.h"
#include "engineio/EngineAudience.h"
#include "engineio/EngineSession.h"
#include "logic/EventLimits.h"
#include "protocol/ProtocolLimits.h"
#include "protocol/SocketIoPacket.h"
#include "sockstream/chat/ChatService.h"
#include "sockstream/cluster/Cluster.h"

namespace sockstream {
class PluginContext;
class TimerHandle;
}

namespace sockstream::chat {

class EngineIoServer;
class SocketIoServer;

/// The Socket.IO namespaces other plugins serve through ChatService: their
/// connect middleware and hooks (with the CONNECT auth and the session's
/// user), their events (rate-limited like the chat's, then event
/// middleware), plugin-chosen rooms, emits with any arguments and bytes, and
/// acknowledgements both ways. Emits to a room or a whole namespace also go
/// to the other servers of a cluster (channel "chat.nsp"). Everything runs
/// with the EngineIoServer's mutex held, but the ack timers and the cluster
/// subscription, which take it.
class PluginNamespaces {
public:
    static constexpr const char* kClusterChannel = "chat.nsp";

    PluginNamespaces(PluginContext& context, const ChatConfig& config, const ProtocolLimits& limits,
                     EngineIoServer& server, SocketIoServer& sockets, std::recursive_mutex& mutex,
                     std::weak_ptr<const void> owner);
    ~PluginNamespaces();

    /// Throws std::invalid_argument for a bad name or one already served.
    void add(ChatHookId id, const std::string& nsp, ChatNamespaceHooks hooks);
    void addConnectMiddleware(ChatHookId id, const std::string& nsp, ChatConnectMiddleware middleware);
    void addEventMiddleware(ChatHookId id, const std::string& nsp, ChatEventMiddleware middleware);
    /// A namespace (its sockets are disconnected) or a middleware; other ids are ignored.
    void remove(ChatHookId id);

    bool emitToSocket(const std::string& nsp, const std::string& socketId, const std::string& event,
                      const ChatPayload& args, std::optional<std::pair<std::chrono::milliseconds, ChatAckCallback>> ack);
    void emitToRoom(const std::string& nsp, const std::string& room, const std::string& event, const ChatPayload& args);
    void emitToNamespace(const std::string& nsp, const std::string& event, const ChatPayload& args);
    bool join(const std::string& nsp, const std::string& socketId, const std::string& room);
    bool leave(const std::string& nsp, const std::string& socketId, const std::string& room);
    bool disconnect(const std::string& nsp, const std::string& socketId);

    void subscribe();
    void unsubscribe();
    /// At stop: forgets every hook, socket and pending ack without calling them.
    void clear();

    // From SocketIoServer.
    bool serves(const std::string& nsp) const { return _namespaces.count(nsp) > 0; }
    void connect(const EngineSessionPtr& session, const SocketIoPacket& packet);
    void onEvent(const EngineSessionPtr& session, NamespaceSocket& socket, SocketIoPacket& packet);
    void onAck(NamespaceSocket& socket, SocketIoPacket& packet);
    void onSocketClosing(NamespaceSocket& socket, const std::string& reason);
    void onTick(std::int64_t nowMs);

    /// "/" or "/" + 1..64 of [A-Za-z0-9_-].
    static bool validName(const std::string& nsp);

private:
    struct Member {
        EngineSession* session = nullptr;
        ChatSocket info;
        std::set<std::string> rooms;
        std::uint64_t nextAckId = 0;
    };
    struct Namespace {
        ChatHookId id = 0;
        ChatNamespaceHooks hooks;
        std::unordered_map<std::string, Member> members;  ///< by socket id
        std::unordered_map<std::string, EngineAudience> rooms;
        EngineAudience all;
    };
    struct Middleware {
        ChatHookId id = 0;
        std::string nsp;
        ChatConnectMiddleware connect;
        ChatEventMiddleware event;
    };
    struct PendingAck {
        ChatAckCallback callback;
        std::shared_ptr<TimerHandle> timer;
    };

    Member* find(const std::string& nsp, const std::string& socketId);
    void send(EngineSession& session, const SocketIoEncoder::Encoded& encoded);
    void deliver(EngineAudience& audience, const SocketIoEncoder::Encoded& encoded);
    void deliverLocally(const std::string& nsp, const std::optional<std::string>& room, const std::string& event,
                        const ChatPayload& args);
    void shareWithCluster(const std::string& nsp, const std::optional<std::string>& room, const std::string& event,
                          const ChatPayload& args);
    void answerRefused(EngineSession& session, const std::string& nsp, std::optional<std::uint64_t> ackId,
                       const ChatRefusal& refusal);
    void ackTimedOut(const std::string& socketId, std::uint64_t ackId);
    void failPendingAcks(const std::string& socketId);
    void logHookFailure(const std::string& what, const std::exception& e);

    PluginContext& _context;
    const ChatConfig& _config;
    ProtocolLimits _limits;
    EngineIoServer& _server;
    SocketIoServer& _sockets;
    std::recursive_mutex& _mutex;
    std::weak_ptr<const void> _owner;
    EventLimits _eventLimits;
    std::map<std::string, Namespace> _namespaces;  ///< by name
    std::vector<Middleware> _middleware;           ///< in the order added
    std::map<std::pair<std::string, std::uint64_t>, PendingAck> _pendingAcks;  ///< by socket id, ack id
    std::optional<ClusterSubscriptionId> _subscription;
    std::int64_t _lastPrune = 0;
};

}  // namespace sockstream::chat
